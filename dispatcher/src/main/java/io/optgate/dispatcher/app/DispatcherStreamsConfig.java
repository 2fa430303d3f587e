package io.optgate.dispatcher.app;

import io.optgate.platform.config.KafkaSettings;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The dispatcher's Kafka Streams configuration: defaults, then the operator's {@code KAFKA_*}
 * settings, then the settings the design depends on, which cannot be overridden.
 */
public final class DispatcherStreamsConfig {

    /** Default {@code application.id} (consumer group and internal topic prefix). */
    public static final String DEFAULT_APPLICATION_ID = "optgate-dispatcher";

    private DispatcherStreamsConfig() {
    }

    /**
     * @param kafka             every {@code KAFKA_*} setting (bootstrap.servers at least)
     * @param stateDir          where the state stores live: {@code <OPTGATE_DATA_DIR>/dispatcher-streams}
     * @param applicationServer this instance's {@code host:port} for interactive queries, when known
     */
    public static Properties of(final KafkaSettings kafka, final Path stateDir, final Optional<String> applicationServer) {
        final Map<String, Object> defaults = new HashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        applicationServer.ifPresent(server -> defaults.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        final Properties properties = kafka.overlay(defaults);
        properties.putAll(invariants());
        // Unreadable input goes to <topic>.dlq with the reason in headers; the pipeline goes on.
        DeadLetterQueueDeserializationHandler.configure(properties, DEFAULT_APPLICATION_ID);
        return properties;
    }

    /**
     * What the design relies on: exactly-once (a decision, its outbound record and the buffer
     * removal commit together), explicit names for every internal topic and store (so that a
     * changed topology never silently renames state), and the consent table restored from
     * {@code consent.state} itself instead of a changelog copy.
     */
    public static Map<String, Object> invariants() {
        return Map.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS,
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    }
}
