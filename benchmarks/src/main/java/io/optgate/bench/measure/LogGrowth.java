package io.optgate.bench.measure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sum of the end offsets of every non-internal topic: how much an app wrote to Kafka during a
 * run (its outputs, changelogs and repartition topics, plus one offset per transaction marker) is
 * the difference between two readings.
 */
public final class LogGrowth {

    private static final long CALL_TIMEOUT_SECONDS = 30;

    private LogGrowth() {
    }

    /** The sum of the end offsets (log end, not last stable) of every partition of every non-internal topic. */
    public static long totalEndOffsets(final Admin admin) {
        try {
            final Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                    .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (final TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(info -> latest.put(new TopicPartition(topic.name(), info.partition()), OffsetSpec.latest()));
            }
            return admin.listOffsets(latest).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
