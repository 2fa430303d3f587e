package io.optgate.dispatcher.stats;

import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts the decisions of its task per one-minute window and practice, and hands the counts on
 * once per {@code handOver} interval (wall clock) instead of re-keying every decision: one record
 * per practice and window leaves the task each time. Its store is cached, so the decisions of one
 * commit interval cost one changelog write per practice and window they touched, not one each.
 *
 * <p>The counts live in a logged store until handed over, and both happen in the task's
 * transaction: after a crash a count is either still in the store or already handed on, never
 * lost or counted twice. Output: key tenantId, value the task's counts of one window, timestamp
 * the window start (which places it in its window downstream).
 */
final class PartialCounts implements Processor<String, DispatchDecision, String, DispatchStats> {

    private final Duration handOver;
    private ProcessorContext<String, DispatchStats> context;
    private KeyValueStore<String, DispatchStats> partials;

    PartialCounts(final Duration handOver) {
        this.handOver = handOver;
    }

    @Override
    public void init(final ProcessorContext<String, DispatchStats> context) {
        this.context = context;
        this.partials = context.getStateStore(StatsTopology.PARTIAL_STORE);
        context.schedule(handOver, PunctuationType.WALL_CLOCK_TIME, now -> handOverAll());
    }

    @Override
    public void process(final Record<String, DispatchDecision> record) {
        final DispatchDecision decision = record.value();
        if (decision == null) {
            return;
        }
        final long windowStart = windowStart(decision.getDecidedAt());
        final String key = partialKey(windowStart, decision.getTenantId());
        final DispatchStats current = partials.get(key);
        final DispatchStats counted = StatsTopology.count(decision.getTenantId(), decision,
                current == null ? StatsTopology.empty() : current);
        partials.put(key, DispatchStats.newBuilder(counted)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowStart).plus(StatsTopology.WINDOW))
                .build());
    }

    private void handOverAll() {
        final List<KeyValue<String, DispatchStats>> due = new ArrayList<>();
        try (KeyValueIterator<String, DispatchStats> all = partials.all()) {
            all.forEachRemaining(due::add);
        }
        for (final KeyValue<String, DispatchStats> entry : due) {
            context.forward(new Record<>(entry.value.getTenantId(), entry.value, entry.value.getWindowStart().toEpochMilli()));
            partials.delete(entry.key);
        }
    }

    private static long windowStart(final Instant decidedAt) {
        final long size = StatsTopology.WINDOW.toMillis();
        return Math.floorDiv(decidedAt.toEpochMilli(), size) * size;
    }

    /** Window first, so that a scan meets windows in time order. */
    private static String partialKey(final long windowStart, final String tenantId) {
        return String.format(Locale.ROOT, "%019d", windowStart) + "|" + tenantId;
    }
}
