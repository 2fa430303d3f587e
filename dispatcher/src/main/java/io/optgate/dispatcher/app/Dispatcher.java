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
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.dispatcher.twilio.TwilioEdge;
import io.optgate.platform.http.Routes;
import io.optgate.platform.http.query.AllInstances;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.dispatcher.messages.MessageStatusLookup;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.runner.AppContext;
import io.optgate.platform.runner.AppParts;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dispatcher's parts beside its streams: the messages API (with the producer it publishes
 * requests through), a client's recent decisions, the statistics API and, unless left out, the Twilio edge (the SMS sender and
 * the {@code /twilio/*} webhooks), which reads practice settings from the streams' global stores.
 */
final class Dispatcher {

    private Dispatcher() {
    }

    /**
     * The routes and components of one dispatcher instance, built on its (not yet started) streams.
     *
     * @param consentApplied what the SMS sender's send-time check waits for (the consent progress probe)
     */
    static AppParts parts(final DispatcherConfig config, final AppContext context, final StreamsRunner runner,
                          final boolean twilioEdge, final ConsentApplied consentApplied) {
        final ContractTopics topics = context.topics();
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
        final DecidedRequests decided = new DecidedRequests(topics.dispatchDecisions().valueSerde(), topics.dispatchDecisions().name());
        final MessagesApi messages = new MessagesApi(
                publisher,
                InteractiveQueries.forStreams(streams, runner.applicationServer()),
                AllInstances.forStreams(streams, runner.applicationServer()),
                new MessageStatusLookup() {
                    @Override
                    public Optional<DispatchDecision> decision(final String tenantId, final String requestId) {
                        return MessageStatusStores.localDecision(streams, decided, tenantId, requestId);
                    }

                    @Override
                    public Optional<DeliveryEvent> delivery(final int partition, final String tenantId, final String requestId) {
                        return MessageStatusStores.delivery(streams, partition, tenantId, requestId);
                    }
                },
                Clock.systemUTC());

        final List<AppComponent> components = new ArrayList<>();
        components.add(AppComponent.closing(publisher));
        final StatsApi stats = new StatsApi(InteractiveQueries.forStreams(streams, runner.applicationServer()),
                StatsApi.storeLookup(streams), Clock.systemUTC());
        final ClientDecisionsApi clientDecisions = new ClientDecisionsApi(
                InteractiveQueries.forStreams(streams, runner.applicationServer()),
                (partition, clientKey, since, until, limit) -> decided.recent(
                        streams.store(InteractiveQueries.storeParameters(DispatchTopology.REQUEST_IDS_STORE,
                                QueryableStoreTypes.<String, byte[]>windowStore(), partition)), clientKey, since, until, limit),
                config.tuning().duplicateWindow(), Clock.systemUTC());
        final Routes.Builder routes = Routes.builder().routes(messages.routes()).routes(clientDecisions.routes()).routes(stats.routes());
        if (twilioEdge) {
            try {
                final TwilioEdge edge = TwilioEdge.create(config.twilio(), config.common().kafka().asMap(),
                        config.common().publicUrl(), topics, practices, context.metrics().registry(), context.clock(),
                        consentApplied);
                components.add(edge);
                routes.routes(edge.routes());
            } catch (final RuntimeException e) {
                publisher.close();
                throw e;
            }
        }
        return new AppParts(routes.build(), components);
    }

    private static ReadOnlyKeyValueStore<String, byte[]> globalStore(final KafkaStreams streams, final String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }
}
