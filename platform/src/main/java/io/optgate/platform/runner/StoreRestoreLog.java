package io.optgate.platform.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says what every state restoration cost, because after a crash under exactly-once restoring is
 * the recovery time: one log line when a store partition starts restoring (how many records are
 * ahead) and one when it is done (records, time), plus the meters {@value #RECORDS}
 * ({@code optgate_state_restored_records_total}) and {@value #TIME} ({@code optgate_state_restore_seconds}),
 * both by app and store. A clean restart restores nothing, so any restore outside a first start or
 * a crash is worth a look.
 */
final class StoreRestoreLog implements StateRestoreListener {

    /** Records restored into state stores. */
    static final String RECORDS = "optgate.state.restored.records";
    /** Time one store partition took to restore. */
    static final String TIME = "optgate.state.restore";

    private static final Logger LOG = LoggerFactory.getLogger(StoreRestoreLog.class);

    private final String app;
    private final MeterRegistry registry;
    private final Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();
    private final StateRestoreListener next;

    /** @param registry where to count, or null for log lines only */
    StoreRestoreLog(final String app, final MeterRegistry registry) {
        this(app, registry, null);
    }

    /**
     * @param registry where to count, or null for log lines only
     * @param next     told of every callback after this log, or null (a benchmark's timer)
     */
    StoreRestoreLog(final String app, final MeterRegistry registry, final StateRestoreListener next) {
        this.app = app;
        this.registry = registry;
        this.next = next;
    }

    @Override
    public void onRestoreStart(final TopicPartition partition, final String store, final long startOffset, final long endOffset) {
        startedAt.put(partition, System.nanoTime());
        if (endOffset > startOffset) {
            LOG.info("{}: restoring store {} from {} (offsets {} to {}, up to {} records)",
                    app, store, partition, startOffset, endOffset, endOffset - startOffset);
        }
        if (next != null) {
            next.onRestoreStart(partition, store, startOffset, endOffset);
        }
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String store, final long batchEndOffset, final long count) {
        if (registry != null && count > 0) {
            Counter.builder(RECORDS).description("Records restored into state stores from their changelogs")
                    .tag("app", app).tag("store", store).register(registry).increment(count);
        }
        if (next != null) {
            next.onBatchRestored(partition, store, batchEndOffset, count);
        }
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String store, final long totalRestored) {
        final Long started = startedAt.remove(partition);
        if (next != null) {
            next.onRestoreEnd(partition, store, totalRestored);
        }
        if (totalRestored == 0) {
            // A first start "restores" every empty changelog; only real restores are worth a line.
            return;
        }
        final Duration took = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
        LOG.info("{}: restored store {} from {}: {} records in {} ms", app, store, partition, totalRestored, took.toMillis());
        if (registry != null) {
            Timer.builder(TIME).description("Time to restore one partition of a state store")
                    .tag("app", app).tag("store", store).register(registry).record(took);
        }
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String store, final long totalRestored) {
        startedAt.remove(partition);
        if (next != null) {
            next.onRestoreSuspended(partition, store, totalRestored);
        }
        LOG.info("{}: stopped restoring store {} from {} after {} records (the partition moved away)",
                app, store, partition, totalRestored);
    }
}
