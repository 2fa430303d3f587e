package io.optgate.consent.app;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.topology.ConsentTopology;
import io.optgate.consent.topology.ConsentTopologyOptions;
import io.optgate.platform.config.KafkaSettings;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * consent-streams as an app: its topology and its Kafka Streams configuration, each built by one
 * method that {@code main}, the one-process launcher and the tests all call.
 */
public final class ConsentStreamsApp {

    /** The default {@code application.id} (override with {@code KAFKA_APPLICATION_ID}). */
    public static final String APPLICATION_ID = "optgate-consent-streams";

    private ConsentStreamsApp() {
    }

    /** The consent topology over {@code topics}. */
    public static Topology topology(final ContractTopics topics, final ConsentRules rules, final ConsentTopologyOptions options,
                                    final Properties streamsConfig) {
        final StreamsBuilder builder = new StreamsBuilder();
        ConsentTopology.build(builder, topics, rules, options);
        return builder.build(streamsConfig);
    }

    /**
     * The Kafka Streams configuration: exactly-once v2, explicit names for every internal topic and
     * store enforced, unreadable records dead-lettered, state under {@code <dataDir>/consent-streams}
     * and {@code application.server} set for interactive queries; then every {@code KAFKA_*}
     * variable on top (so {@code KAFKA_APPLICATION_ID} or {@code KAFKA_NUM_STREAM_THREADS} win).
     *
     * @param kafka             the {@code KAFKA_*} settings
     * @param dataDir           where state stores live
     * @param applicationServer {@code host:port} other instances reach this one's HTTP API at, if any
     */
    public static Properties streamsConfig(final KafkaSettings kafka, final Path dataDir, final Optional<String> applicationServer) {
        final Map<String, Object> defaults = new HashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        defaults.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("consent-streams").toAbsolutePath().toString());
        applicationServer.ifPresent(server -> defaults.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        final Properties properties = kafka.overlay(defaults);
        DeadLetterQueueDeserializationHandler.configure(properties,
                properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID));
        return properties;
    }
}
