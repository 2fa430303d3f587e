package io.optgate.bench.measure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a Kafka Streams app has consumed and committed everything: for every partition of the
 * given input topics, and of every other topic the group has committed on (its repartition
 * topics), the committed offset has reached the last stable offset. A partition without a
 * committed offset lags unless it is empty.
 */
public final class GroupLag {

    private static final long CALL_TIMEOUT_SECONDS = 15;

    private GroupLag() {
    }

    /** Records the group has still to consume and commit; 0 when it has caught up. */
    public static long lag(final Admin admin, final String groupId, final Collection<String> inputTopics) {
        try {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final Set<String> topics = new HashSet<>(inputTopics);
            committed.keySet().forEach(partition -> topics.add(partition.topic()));
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (final TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(info -> latest.put(new TopicPartition(topic.name(), info.partition()), OffsetSpec.latest()));
            }
            final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            latest.keySet().forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
            final ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            final var ends = admin.listOffsets(latest, committedOnly).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final var starts = admin.listOffsets(earliest, committedOnly).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long lag = 0;
            for (final TopicPartition partition : latest.keySet()) {
                final long end = ends.get(partition).offset();
                final OffsetAndMetadata offset = committed.get(partition);
                final long position = offset == null ? starts.get(partition).offset() : offset.offset();
                lag += Math.max(0, end - position);
            }
            return lag;
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of group " + groupId, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Polls {@link #lag} every 100 ms until it is 0, at most {@code timeout}.
     *
     * @return whether the group caught up
     */
    public static boolean awaitCaughtUp(final Admin admin, final String groupId, final Collection<String> inputTopics,
                                        final Duration timeout, final Runnable checkHealth) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (lag(admin, groupId, inputTopics) > 0) {
            checkHealth.run();
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Pause.millis(100);
        }
        return true;
    }
}
