package io.optgate.consent.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.optgate.consent.numbers.PhonePracticesTopology;
import io.optgate.consent.numbers.SendingNumberTopology;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.topology.ConsentTopology;
import io.optgate.consent.topology.ConsentTopologyOptions;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

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
        return topology(topics, rules, options, streamsConfig, new CompositeMeterRegistry());
    }

    /** The consent topology over {@code topics}, counting consent changes in {@code meters}. */
    public static Topology topology(final ContractTopics topics, final ConsentRules rules, final ConsentTopologyOptions options,
                                    final Properties streamsConfig, final MeterRegistry meters) {
        final StreamsBuilder builder = new StreamsBuilder();
        ConsentTopology.build(builder, topics, rules, options, meters);
        SendingNumberTopology.build(builder, topics);
        PhonePracticesTopology.build(builder, topics);
        return builder.build(streamsConfig);
    }

    /**
     * The Kafka Streams configuration: the platform's defaults ({@link StreamsConfigs}: exactly-once
     * v2, explicit names for every internal topic and store enforced, state under the data dir),
     * {@code application.id} {@value #APPLICATION_ID}, unreadable records dead-lettered to
     * {@code <topic>.dlq}, and {@code application.server} when given; every {@code KAFKA_*} variable
     * wins over all of it (e.g. {@code KAFKA_APPLICATION_ID}, {@code KAFKA_APPLICATION_SERVER},
     * {@code KAFKA_NUM_STREAM_THREADS}).
     *
     * @param common            the shared configuration
     * @param applicationServer {@code host:port} at which other instances reach this one's HTTP API
     */
    public static Properties streamsConfig(final CommonConfig common, final Optional<String> applicationServer) {
        final Map<String, Object> defaults = new HashMap<>();
        applicationServer.ifPresent(server -> defaults.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        final Properties properties = StreamsConfigs.build(APPLICATION_ID, common, defaults);
        if (common.kafka().get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG).isEmpty()) {
            DeadLetterQueueDeserializationHandler.configure(properties, properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        }
        return properties;
    }
}
