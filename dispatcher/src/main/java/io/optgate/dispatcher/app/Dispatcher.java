package io.optgate.dispatcher.app;

import io.optgate.dispatcher.messages.KafkaRequestPublisher;
import io.optgate.dispatcher.messages.ClientDecisionsApi;
import io.optgate.dispatcher.messages.MessagesApi;
import io.optgate.dispatcher.dispatch.DecidedRequests;
import io.optgate.dispatcher.dispatch.DispatchTopology;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.practice.PracticeStores;
import io.optgate.dispatcher.practice.StorePracticeDirectory;
import io.optgate.dispatcher.practice.StoredRecords;
import io.optgate.dispatcher.practice.TextedNumbers;
import io.optgate.dispatcher.stats.StatsApi;
import io.optgate.dispatcher.status.MessageStatusStores;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.dispatcher.progress.ConsentClockRunner;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One running dispatcher: its Kafka Streams app, the messages API, and its extensions'
 * components. Built by {@link #create}; the caller serves {@link #routes()} (with the ops routes
 * and {@link #healthChecks()}) on an HTTP server, then calls {@link #start()}; {@link #close()}
 * stops components, then the streams. The one-process local mode builds it the same way and
 * serves it next to consent-streams.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final StreamsRunner runner;
    private final KafkaRequestPublisher publisher;
    private final PracticeDirectory practices;
    private final Routes routes;
    private final List<DispatcherComponent> components;

    private Dispatcher(final StreamsRunner runner, final KafkaRequestPublisher publisher, final PracticeDirectory practices,
                       final Routes routes, final List<DispatcherComponent> components) {
        this.runner = runner;
        this.publisher = publisher;
        this.practices = practices;
        this.routes = routes;
        this.components = components;
    }

    /**
     * Builds everything, starts nothing. Topics must have been provisioned
     * ({@link DispatcherTopics#provision}).
     *
     * @param config     the validated configuration
     * @param env        the environment, handed to extensions for their own variables
     * @param serdes     Avro serdes bound to the Schema Registry
     * @param metrics    the process's metrics
     * @param extensions what to plug in ({@link DispatcherExtensions#standard()})
     */
    public static Dispatcher create(final DispatcherConfig config, final Env env, final AvroSerdes serdes,
                                    final Metrics metrics, final List<DispatcherExtension> extensions) {
        final ContractTopics topics = new ContractTopics(config.topics(), serdes);
        final Optional<ConsentClockRunner> consentProbe = ConsentProgressWiring.probe(config,
                DispatcherApp.streamsConfig(config.common()).getProperty(StreamsConfig.APPLICATION_ID_CONFIG), config.partitions());
        final StreamsApp app = DispatcherApp.streamsApp(ConsentProgressWiring.waitingFor(config, consentProbe), topics, extensions);
        final StreamsRunner runner = StreamsRunner.builder(app).metrics(metrics).build();
        final KafkaStreams streams = runner.streams();
        final PracticeDirectory practices = new StorePracticeDirectory(
                new StoredRecords<>(() -> globalStore(streams, PracticeStores.SETTINGS_STORE),
                        topics.consentSettings().valueSerde().deserializer(), topics.consentSettings().name()),
                new StoredRecords<>(() -> globalStore(streams, PracticeStores.SENDING_NUMBERS_STORE),
                        topics.consentSendingNumbers().valueSerde().deserializer(), topics.consentSendingNumbers().name()),
                new StoredRecords<>(() -> globalStore(streams, PracticeStores.PHONE_PRACTICES_STORE),
                        topics.consentPhonePractices().valueSerde().deserializer(), topics.consentPhonePractices().name()),
                () -> globalStore(streams, TextedNumbers.STORE));

        final KafkaRequestPublisher publisher = KafkaRequestPublisher.create(config.common().kafka().asMap(), topics.messageRequests());
        final MessagesApi messages = new MessagesApi(
                publisher,
                InteractiveQueries.forStreams(streams, runner.applicationServer()),
                (partition, tenantId, requestId) -> MessageStatusStores.forPartition(streams, partition).find(tenantId, requestId),
                Clock.systemUTC());

        final DispatcherContext context = new DispatcherContext(config, env, topics, practices, streams, metrics, Clock.systemUTC());
        final List<DispatcherComponent> components = new ArrayList<>();
        consentProbe.ifPresent(probe -> components.add(ConsentProgressWiring.component(probe, config.consentWatch().maxWait().orElseThrow())));
        final StatsApi stats = new StatsApi(InteractiveQueries.forStreams(streams, runner.applicationServer()),
                StatsApi.storeLookup(streams), Clock.systemUTC());
        final DecidedRequests decided = new DecidedRequests(topics.dispatchDecisions().valueSerde(), topics.dispatchDecisions().name());
        final ClientDecisionsApi clientDecisions = new ClientDecisionsApi(
                InteractiveQueries.forStreams(streams, runner.applicationServer()),
                (partition, clientKey, since, until, limit) -> decided.recent(
                        streams.store(InteractiveQueries.storeParameters(DispatchTopology.REQUEST_IDS_STORE,
                                QueryableStoreTypes.<String, byte[]>windowStore(), partition)), clientKey, since, until, limit),
                config.tuning().duplicateWindow(), Clock.systemUTC());
        final Routes.Builder routes = Routes.builder().routes(messages.routes()).routes(clientDecisions.routes()).routes(stats.routes());
        try {
            for (final DispatcherExtension extension : extensions) {
                final DispatcherComponent component = extension.create(context);
                components.add(component);
                routes.routes(component.routes());
            }
        } catch (final RuntimeException e) {
            components.forEach(DispatcherComponent::close);
            publisher.close();
            runner.close();
            throw e;
        }
        return new Dispatcher(runner, publisher, practices, routes.build(), List.copyOf(components));
    }

    /** The messages API and every component's routes. */
    public Routes routes() {
        return routes;
    }

    /** The streams app's health, then every component's. */
    public List<HealthCheck> healthChecks() {
        final List<HealthCheck> checks = new ArrayList<>();
        checks.add(runner);
        components.forEach(component -> checks.addAll(component.healthChecks()));
        return List.copyOf(checks);
    }

    /** The first failure of a component that stopped by itself, if any. */
    public Optional<Throwable> failure() {
        return components.stream().map(DispatcherComponent::failure).flatMap(Optional::stream).findFirst();
    }

    /** Starts the streams, then the components. */
    public Dispatcher start() {
        runner.start();
        components.forEach(DispatcherComponent::start);
        LOG.info("dispatcher: started with {} component(s)", components.size());
        return this;
    }

    /** The streams runner, e.g. to wait for its termination. */
    public StreamsRunner runner() {
        return runner;
    }

    /** Practice settings as this dispatcher sees them. */
    public PracticeDirectory practices() {
        return practices;
    }

    /** Closes the components (in reverse order), the publisher, then the streams. Idempotent. */
    @Override
    public void close() {
        for (int i = components.size() - 1; i >= 0; i--) {
            closeQuietly(components.get(i));
        }
        publisher.close();
        runner.close();
    }

    private static void closeQuietly(final DispatcherComponent component) {
        try {
            component.close();
        } catch (final RuntimeException e) {
            LOG.warn("dispatcher: a component failed to close: {}", Objects.toString(e.getMessage(), e.getClass().getName()));
        }
    }

    private static ReadOnlyKeyValueStore<String, byte[]> globalStore(final KafkaStreams streams, final String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }
}
