package io.optgate.platform.topics;

import org.apache.kafka.common.config.TopicConfig;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a topic should look: name, partitions, replication factor (empty: the broker's default) and
 * topic configs such as {@code cleanup.policy=compact} or {@code retention.ms}.
 */
public record TopicDefinition(String name, int partitions, Optional<Short> replicationFactor, Map<String, String> configs) {

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition");
        }
        replicationFactor.ifPresent(factor -> {
            if (factor < 1) {
                throw new IllegalArgumentException("topic " + name + " needs a replication factor of at least 1");
            }
        });
        configs = Map.copyOf(new TreeMap<>(configs));
    }

    /** A topic with the broker's default replication factor and cleanup policy (delete). */
    public static TopicDefinition of(final String name, final int partitions) {
        return new TopicDefinition(name, partitions, Optional.empty(), Map.of());
    }

    /** A compacted topic ({@code cleanup.policy=compact}) with the broker's default replication factor. */
    public static TopicDefinition compacted(final String name, final int partitions) {
        return of(name, partitions).withConfig(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** A copy with one more topic config. */
    public TopicDefinition withConfig(final String key, final String value) {
        final Map<String, String> copy = new TreeMap<>(configs);
        copy.put(key, value);
        return new TopicDefinition(name, partitions, replicationFactor, copy);
    }

    /** A copy with an explicit replication factor. */
    public TopicDefinition withReplicationFactor(final int factor) {
        if (factor < 1 || factor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic " + name + ": replication factor out of range: " + factor);
        }
        return new TopicDefinition(name, partitions, Optional.of((short) factor), configs);
    }

    /** The cleanup policy asked for; {@code delete} (Kafka's default) when not set. */
    public String cleanupPolicy() {
        return configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }
}
