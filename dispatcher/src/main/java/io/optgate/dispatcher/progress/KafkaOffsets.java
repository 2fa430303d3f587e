package io.optgate.dispatcher.progress;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link OffsetsView} by the admin client, each call bounded by {@code timeout}. */
final class KafkaOffsets implements OffsetsView {

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, Integer> partitionCounts = new HashMap<>();

    KafkaOffsets(final Admin admin, final Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Map<TopicPartition, Long> stableEnds(final Collection<String> topics) {
        final Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (final String topic : topics) {
            for (int partition = 0; partition < partitions(topic); partition++) {
                wanted.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        final Map<TopicPartition, Long> ends = new HashMap<>();
        get(admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    @Override
    public Map<TopicPartition, Long> committed(final String groupId) {
        final Map<TopicPartition, Long> committed = new HashMap<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /** Partition counts only grow, and a topic that exists keeps existing: asked once per topic. */
    private int partitions(final String topic) {
        final Integer known = partitionCounts.get(topic);
        if (known != null) {
            return known;
        }
        try {
            final TopicDescription description = get(admin.describeTopics(java.util.List.of(topic)).allTopicNames()).get(topic);
            partitionCounts.put(topic, description.partitions().size());
            return description.partitions().size();
        } catch (final IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
    }

    private <T> T get(final org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka within " + timeout, e);
        }
    }
}
