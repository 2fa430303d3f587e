package io.optgate.dispatcher.app;

import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The dispatcher as a Kafka Streams app: its configuration and its topology, each built by one
 * method that tests call too. {@link Dispatcher} runs it; {@link DispatcherMain} wires it.
 */
public final class DispatcherApp {

    /** Name in logs, health and metrics. */
    public static final String NAME = "dispatcher";
    /** Default {@code application.id}: consumer group and prefix of internal topics and stores. */
    public static final String APPLICATION_ID = "optgate-dispatcher";

    private DispatcherApp() {
    }

    /**
     * The Streams configuration: optgate's defaults and the operator's {@code KAFKA_*} settings
     * (see {@link StreamsConfigs}), then what the design depends on, which cannot be overridden:
     * exactly-once v2 (a decision, its outbound record and the removal from the grace buffer commit
     * together), explicit names for every internal topic and store (a changed topology never
     * silently renames state), {@code topology.optimization=reuse.ktable.source.topics} (for source
     * tables; the consent store deliberately keeps its own changelog, see docs/dispatcher.md) and
     * unreadable input sent to {@code <topic>.dlq}.
     *
     * <p>{@code application.server} comes from the platform's defaults ({@link StreamsConfigs}).
     */
    public static Properties streamsConfig(final CommonConfig common) {
        // The global stores (practice settings, phone state) restore at every start; with the
        // consumer's default 500 ms fetch wait, 100 settings records took 1.5 s (docs/BENCHMARKS.md).
        final Properties config = StreamsConfigs.build(APPLICATION_ID, common,
                Map.of(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20));
        config.putAll(invariants());
        DeadLetterQueueDeserializationHandler.configure(config, APPLICATION_ID);
        return config;
    }

    /** The settings {@link #streamsConfig} always enforces. */
    public static Map<String, Object> invariants() {
        return Map.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS,
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true",
                // Global stores fail on processing errors too (the default from Kafka 5.0 on).
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    }

    /**
     * The whole topology, extensions' parts included, optimized with {@code config}.
     *
     * @param partitions the partition count of {@code consent.state}, as {@link DispatcherTopics#provision} returns it
     */
    public static Topology topology(final ContractTopics topics, final DispatchTuning tuning, final int partitions,
                                    final List<DispatcherExtension> extensions, final Properties config) {
        final StreamsBuilder builder = new StreamsBuilder();
        DispatcherTopology.build(builder, topics, tuning, partitions);
        for (final DispatcherExtension extension : extensions) {
            extension.addTo(builder, topics);
        }
        return builder.build(config);
    }

    /**
     * The app, ready for a {@link io.optgate.platform.runner.StreamsRunner}; {@code config.partitions()}
     * must be the provisioned count ({@link DispatcherConfig#withPartitions}).
     */
    public static StreamsApp streamsApp(final DispatcherConfig config, final ContractTopics topics,
                                        final List<DispatcherExtension> extensions) {
        final Properties streamsConfig = streamsConfig(config.common());
        return new StreamsApp(NAME, topology(topics, config.tuning(), config.partitions(), extensions, streamsConfig), streamsConfig);
    }
}
