package io.optgate.consent.app;

import io.optgate.consent.http.ConsentApi;
import io.optgate.consent.http.KafkaConsentPublisher;
import io.optgate.consent.http.StoreAccess;
import io.optgate.platform.http.Routes;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * consent-streams assembled: its topics, the running topology and the consent API routes. {@code main}
 * serves it alone; the one-process launcher serves its routes next to the dispatcher's.
 *
 * <pre>{@code
 * ConsentService consent = ConsentService.create(config, registry, metrics, Optional.empty());
 * consent.provisionTopics();
 * consent.start();
 * HttpApi.builder().routes(consent.routes()).routes(OpsRoutes.create(metrics, consent.runner()))...
 * }</pre>
 */
public final class ConsentService implements AutoCloseable {

    /** The app's name in logs, health and metrics. */
    public static final String NAME = "consent-streams";

    private final ConsentConfig config;
    private final StreamsRunner runner;
    private final KafkaConsentPublisher publisher;
    private final ConsentApi api;

    private ConsentService(final ConsentConfig config, final StreamsRunner runner, final KafkaConsentPublisher publisher,
                           final ConsentApi api) {
        this.config = config;
        this.runner = runner;
        this.publisher = publisher;
        this.api = api;
    }

    /**
     * Builds (does not start) the app.
     *
     * @param config            the configuration
     * @param registry          the Schema Registry every serde uses
     * @param metrics           where the Streams metrics go
     * @param applicationServer this instance's {@code host:port} for other instances' forwarded
     *                          queries; {@code KAFKA_APPLICATION_SERVER} wins when set
     */
    public static ConsentService create(final ConsentConfig config, final SchemaRegistryClient registry, final Metrics metrics,
                                        final Optional<String> applicationServer) {
        Objects.requireNonNull(config, "config");
        final ContractTopics topics = new ContractTopics(config.topics(), new AvroSerdes(registry));
        final Properties streamsConfig = ConsentStreamsApp.streamsConfig(config.common(), applicationServer);
        final StreamsApp app = new StreamsApp(NAME,
                ConsentStreamsApp.topology(topics, config.rules(), config.topologyOptions(), streamsConfig,
                        metrics.registry()), streamsConfig);
        final StreamsRunner runner = StreamsRunner.builder(app).metrics(metrics).build();
        final KafkaConsentPublisher publisher = KafkaConsentPublisher.create(config.common().kafka(), topics);
        final ConsentApi api = new ConsentApi(InteractiveQueries.forStreams(runner.streams(), runner.applicationServer()),
                StoreAccess.of(runner.streams()), publisher, config.rules(), config.putTimeout(), Clock.systemUTC());
        return new ConsentService(config, runner, publisher, api);
    }

    /**
     * Creates the contract topics that are missing and checks the others ({@link ConsentTopics}).
     *
     * @return the partition count of the client-placed topics
     */
    public int provisionTopics() {
        final Map<String, Object> adminConfig = new HashMap<>();
        config.common().kafka().asMap().forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                adminConfig.put(name, value);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            return ConsentTopics.provision(admin, config);
        }
    }

    /** Starts processing (returns at once). */
    public ConsentService start() {
        runner.start();
        return this;
    }

    /** The running app: state, health check, interactive queries. */
    public StreamsRunner runner() {
        return runner;
    }

    /** The consent API's routes. */
    public Routes routes() {
        return api.routes();
    }

    /** Stops the app and the API's producer. */
    @Override
    public void close() {
        runner.close();
        publisher.close();
    }
}
