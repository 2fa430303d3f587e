package io.optgate.platform.runner;

import io.optgate.platform.config.CommonConfig;
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
 * {@code application.id} as given, and {@code application.server=localhost:<OPTGATE_HTTP_PORT>}:
 * without an {@code application.server} Kafka Streams publishes no key metadata at all, and then not
 * even a single instance could find the owner of a key. Several instances must each set their
 * reachable address ({@code KAFKA_APPLICATION_SERVER}).
 */
public final class StreamsConfigs {

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
        defaults.putAll(appDefaults);
        return common.kafka().overlay(defaults);
    }
}
