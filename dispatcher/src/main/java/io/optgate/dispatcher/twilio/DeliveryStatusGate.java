package io.optgate.dispatcher.twilio;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;

/**
 * Where the "never backwards" rule lives: every DeliveryEvent, from the sender (QUEUED, FAILED,
 * DRY_RUN) and from Twilio's status callbacks (SENT, DELIVERED, ...), is written to an internal
 * topic ({@code dispatch.deliveries.updates}, key the client key) and this small Kafka Streams app
 * lets through to {@code dispatch.deliveries} only the events that move their request forward
 * ({@link DeliveryProgress}): a late "sent" after "delivered", a repeated callback, the sender's
 * QUEUED arriving after Twilio's first callback, all stop here. So every reader of
 * {@code dispatch.deliveries} (the dispatcher's message-status store, analytics) sees each request's
 * statuses in order, each at most once.
 * <p>
 * State: one entry per request ({@code <tenantId>:<clientId>/<requestId>}, the message key: a
 * requestId is unique only within its practice) in the store {@value #STORE}; an entry stored
 * before the key carried the client ({@code <tenantId>:<requestId>}) is still read for its request,
 * dropped {@code retention} after its last change (a wall-clock punctuation every hour), so a
 * callback arriving later than that passes as new. exactly_once_v2.
 */
public final class DeliveryStatusGate {

    /** The gate's state store: the furthest status per request. */
    public static final String STORE = "twilio-delivery-progress";
    /** Default of the retention of a request's progress: 14 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
    /** How often expired entries are dropped. */
    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private DeliveryStatusGate() {
    }

    /**
     * Adds the gate to {@code builder}.
     *
     * @param updatesTopic    the internal input topic (client key, DeliveryEvent)
     * @param deliveriesTopic {@code dispatch.deliveries}
     * @param events          the DeliveryEvent serde
     * @param retention       how long a request's progress is remembered
     */
    public static void build(final StreamsBuilder builder, final String updatesTopic, final String deliveriesTopic,
                             final Serde<DeliveryEvent> events, final Duration retention) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.String()));
        builder.stream(updatesTopic, Consumed.with(Serdes.String(), events).withName("twilio-delivery-updates-source"))
                .process(() -> new Gate(retention), Named.as("twilio-delivery-progress-gate"), STORE)
                .to(deliveriesTopic, Produced.with(Serdes.String(), events).withName("twilio-dispatch-deliveries-sink"));
    }

    /**
     * The gate's Streams configuration: {@code kafka} (bootstrap servers, security, any
     * {@code KAFKA_*} passthrough) overlaid with what the gate needs.
     *
     * @param applicationId the gate's application.id (its consumer group and internal topic prefix)
     * @param stateDir      where its store lives
     */
    public static Properties config(final Map<String, ?> kafka, final String applicationId, final Path stateDir) {
        final Properties config = new Properties();
        config.putAll(kafka);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        config.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return config;
    }

    /** The stored progress: {@code <status>;<rank>;<last change, epoch millis>}. */
    static String encode(final DeliveryProgress progress, final long atMillis) {
        return progress.status().name() + ";" + progress.rank() + ";" + atMillis;
    }

    static DeliveryProgress decodeProgress(final String stored) {
        final String[] parts = stored.split(";");
        return new DeliveryProgress(DeliveryStatus.valueOf(parts[0]), Integer.parseInt(parts[1]));
    }

    static long decodeTime(final String stored) {
        return Long.parseLong(stored.split(";")[2]);
    }

    /** Forwards an event only when it moves its request forward. */
    private static final class Gate implements Processor<String, DeliveryEvent, String, DeliveryEvent> {

        private final Duration retention;
        private ProcessorContext<String, DeliveryEvent> context;
        private KeyValueStore<String, String> store;

        Gate(final Duration retention) {
            this.retention = retention;
        }

        @Override
        public void init(final ProcessorContext<String, DeliveryEvent> processorContext) {
            this.context = processorContext;
            this.store = processorContext.getStateStore(STORE);
            processorContext.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
        }

        @Override
        public void process(final Record<String, DeliveryEvent> record) {
            final DeliveryEvent event = record.value();
            if (event == null) {
                return;
            }
            final String key = Identifiers.messageKey(event.getTenantId(), event.getClientId(), event.getRequestId());
            final DeliveryProgress next = DeliveryProgress.of(event.getStatus(), event.getErrorCode());
            final String stored = Optional.ofNullable(store.get(key))
                    .orElseGet(() -> store.get(Identifiers.tenantRequestKey(event.getTenantId(), event.getRequestId())));
            if (stored != null && !decodeProgress(stored).isAdvancedBy(next)) {
                return;
            }
            store.put(key, encode(next, context.currentSystemTimeMs()));
            context.forward(record);
        }

        private void sweep(final long now) {
            final long cutoff = now - retention.toMillis();
            final List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, String> all = store.all()) {
                while (all.hasNext()) {
                    final KeyValue<String, String> entry = all.next();
                    if (decodeTime(entry.value) < cutoff) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(store::delete);
        }
    }
}
