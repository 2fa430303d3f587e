package io.optgate.platform.runner;

import io.optgate.platform.config.CommonConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a Streams configuration in three layers, later ones winning: optgate's defaults, the app's
 * own defaults, then every {@code KAFKA_*} variable (so operators can tune anything).
 *
 * <p>optgate's defaults: {@code processing.guarantee=exactly_once_v2},
 * {@code ensure.explicit.internal.resource.naming=true}, {@code state.dir=<OPTGATE_DATA_DIR>/streams},
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

    private StreamsConfigs() {
    }

    /**
     * The configuration of app {@code applicationId}.
     *
     * @param applicationId e.g. {@code optgate-consent}
     * @param common the shared configuration ({@code KAFKA_*}, data dir)
     * @param appDefaults settings the app wants unless an operator overrides them
     */
    public static Properties build(final String applicationId, final CommonConfig common, final Map<String, ?> appDefaults) {
        final Map<String, Object> defaults = new HashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        defaults.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        defaults.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + common.httpPort());
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, common.dataDir().resolve("streams").toAbsolutePath().toString());
        // Global stores fail on processing errors too: Kafka 5.0's default, and no start-up warning now.
        defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        defaults.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        defaults.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS / 3));
        defaults.putAll(appDefaults);
        return common.kafka().overlay(defaults);
    }
}
