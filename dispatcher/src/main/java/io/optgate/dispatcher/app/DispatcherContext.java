package io.optgate.dispatcher.app;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.platform.config.Env;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the dispatcher offers its extensions.
 *
 * @param config    the dispatcher's validated configuration
 * @param env       the environment, for the extension's own variables (validate them in its create)
 * @param topics    every contract topic with its serdes (one registry cache for the process)
 * @param practices practice settings and sending numbers, backed by the dispatcher's global store;
 *                  throws a retriable exception until the streams have restored it
 * @param streams   the dispatcher's Kafka Streams instance (created, maybe not yet running)
 * @param metrics   the process's metrics
 * @param clock     the clock to use
 */
public record DispatcherContext(
        DispatcherConfig config,
        Env env,
        ContractTopics topics,
        PracticeDirectory practices,
        KafkaStreams streams,
        Metrics metrics,
        Clock clock) {

    public DispatcherContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(practices, "practices");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }

    /** The topic names. */
    public TopicNames names() {
        return topics.names();
    }

    /** Kafka client settings ({@code KAFKA_*}: bootstrap.servers, security) for the extension's own clients. */
    public Map<String, Object> kafkaClientSettings() {
        return new HashMap<>(config.common().kafka().asMap());
    }
}
