package io.optgate.dispatcher.stats;

import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import io.optgate.schema.DispatchStatsPartial;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the decisions of its task per one-minute window and practice, and hands the counts on
 * once per {@code handOver} interval (wall clock) instead of re-keying every decision: one record
 * per practice and window leaves the task, and its store holds one entry per window, so the record
 * cache turns every decision of a commit interval into at most one changelog write.
 *
 * <p>The counts live in a logged store until handed over, and both happen in the task's
 * transaction: after a crash a count is either still in the store or already handed on, never
 * lost or counted twice. Output: key tenantId, value the task's counts of one window, timestamp
 * the window start (which places it in its window downstream).
 */
final class PartialCounts implements Processor<String, DispatchDecision, String, DispatchStats> {

    private final Duration handOver;
    private ProcessorContext<String, DispatchStats> context;
    private KeyValueStore<String, DispatchStatsPartial> partials;

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
        final String key = windowKey(windowStart);
        final DispatchStatsPartial current = partials.get(key);
        final Map<String, DispatchStats> byTenant = current == null ? new HashMap<>() : new HashMap<>(current.getByTenant());
        final DispatchStats tenantCounts = byTenant.getOrDefault(decision.getTenantId(), StatsTopology.empty());
        byTenant.put(decision.getTenantId(), StatsTopology.count(decision.getTenantId(), decision, tenantCounts));
        partials.put(key, DispatchStatsPartial.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setByTenant(byTenant)
                .build());
    }

    private void handOverAll() {
        final List<KeyValue<String, DispatchStatsPartial>> due = new ArrayList<>();
        try (KeyValueIterator<String, DispatchStatsPartial> all = partials.all()) {
            all.forEachRemaining(due::add);
        }
        for (final KeyValue<String, DispatchStatsPartial> entry : due) {
            final Instant start = entry.value.getWindowStart();
            for (final Map.Entry<String, DispatchStats> tenant : entry.value.getByTenant().entrySet()) {
                final DispatchStats counts = DispatchStats.newBuilder(tenant.getValue())
                        .setWindowStart(start)
                        .setWindowEnd(start.plus(StatsTopology.WINDOW))
                        .build();
                context.forward(new Record<>(tenant.getKey(), counts, start.toEpochMilli()));
            }
            partials.delete(entry.key);
        }
    }

    private static long windowStart(final Instant decidedAt) {
        final long size = StatsTopology.WINDOW.toMillis();
        return Math.floorDiv(decidedAt.toEpochMilli(), size) * size;
    }

    private static String windowKey(final long windowStart) {
        return String.format(Locale.ROOT, "%019d", windowStart);
    }
}
