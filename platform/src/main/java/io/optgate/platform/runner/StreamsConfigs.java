package io.optgate.platform.runner;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a Streams configuration in layers, later ones winning: optgate's defaults, the app's own
 * defaults, every {@code KAFKA_*} variable (so operators can tune anything else), then the
 * guarantees the design rests on, which no variable weakens ({@link #GUARANTEES}:
 * {@code processing.guarantee=exactly_once_v2}, {@code ensure.explicit.internal.resource.naming=true},
 * {@code processing.exception.handler.global.enabled=true}); {@link #forApp} adds the app's own
 * invariants and the dead-letter handler on top. Both apps get their configuration this one way.
 *
 * <p>optgate's defaults: {@code state.dir=<OPTGATE_DATA_DIR>/streams},
 * {@code application.id} as given, {@code session.timeout.ms=10000} with {@code heartbeat.interval.ms=3333}
 * (see {@link #SESSION_TIMEOUT_MS}), and {@code application.server=localhost:<OPTGATE_HTTP_PORT>}:
 * without an {@code application.server} Kafka Streams publishes no key metadata at all, and then not
 * even a single instance could find the owner of a key. Several instances must each set their
 * reachable address ({@code KAFKA_APPLICATION_SERVER}).
 */
public final class StreamsConfigs {

    /**
     * The consumer session timeout: how long the partitions of an instance that died without
     * leaving its group (kill -9, OOM, a lost host) stay unprocessed. Kafka's default is 45 s;
     * texts waiting that long are late, while a stall of more than 10 s without a heartbeat (a GC
     * pause, a lost network) is rare and only costs a rebalance.
     */
    static final int SESSION_TIMEOUT_MS = 10_000;

    /**
     * What every app runs with whatever {@code KAFKA_*} says: exactly-once v2 (a decision, its
     * output and its state commit together), explicit names for every internal topic and store
     * (a changed topology never silently renames state), and global stores failing on processing
     * errors too (Kafka 5.0's default, and no start-up warning now).
     */
    public static final Map<String, Object> GUARANTEES = Map.of(
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true",
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");

    private StreamsConfigs() {
    }

    /**
     * The configuration an app runs with: {@link #build}, then the app's {@code invariants}, then the
     * dead-letter deserialization handler (unreadable input goes to {@code <topic>.dlq}, named after
     * the resulting {@code application.id}).
     *
     * @param applicationId the app's default {@code application.id} ({@code KAFKA_APPLICATION_ID} wins)
     * @param common        the shared configuration
     * @param appDefaults   settings the app wants unless an operator overrides them
     * @param invariants    settings the app always enforces, whatever {@code KAFKA_*} says
     */
    public static Properties forApp(final String applicationId, final CommonConfig common, final Map<String, ?> appDefaults,
                                    final Map<String, ?> invariants) {
        final Properties config = build(applicationId, common, appDefaults);
        config.putAll(invariants);
        DeadLetterQueueDeserializationHandler.configure(config, config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        return config;
    }

    /**
     * The configuration of app {@code applicationId}, without app invariants or dead-letter handler
     * (tests and tools; apps use {@link #forApp}).
     *
     * @param applicationId e.g. {@code optgate-consent}
     * @param common the shared configuration ({@code KAFKA_*}, data dir)
     * @param appDefaults settings the app wants unless an operator overrides them
     */
    public static Properties build(final String applicationId, final CommonConfig common, final Map<String, ?> appDefaults) {
        final Map<String, Object> defaults = new HashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        defaults.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + common.httpPort());
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, common.dataDir().resolve("streams").toAbsolutePath().toString());
        defaults.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        defaults.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS / 3));
        defaults.putAll(appDefaults);
        final Properties config = common.kafka().overlay(defaults);
        config.putAll(GUARANTEES);
        return config;
    }
}
