package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.measure.Pause;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Where a new consumer group starts on {@code message.requests}, so that a run reads a chosen number of requests. */
final class TailOffsets {

    private TailOffsets() {
    }

    /**
     * Sets the committed offsets of the (new, empty) group {@code applicationId} on
     * {@code message.requests} so that about {@code count} requests are left to read, spread over
     * the partitions; the group reads every other topic from the start.
     *
     * @return how many requests the group will read
     */
    static long seed(final PhaseContext context, final String applicationId, final int count) {
        final BenchSettings settings = context.settings();
        final String topic = context.topics().names().messageRequests();
        try (Admin admin = context.cluster().createAdmin()) {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < settings.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(settings.phaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            final long share = (count + settings.partitions() - 1L) / settings.partitions();
            final Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            long left = 0;
            for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                final long from = Math.max(0, end.getValue().offset() - share);
                start.put(end.getKey(), new OffsetAndMetadata(from));
                left += end.getValue().offset() - from;
            }
            // Right after a close the group may not be empty yet: a few tries, half a second apart.
            for (int attempt = 1; ; attempt++) {
                try {
                    admin.alterConsumerGroupOffsets(applicationId, start).all().get(settings.phaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    return left;
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof GroupNotEmptyException) || attempt >= 20) {
                        throw e;
                    }
                    Pause.millis(500);
                }
            }
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set the offsets of " + applicationId, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
