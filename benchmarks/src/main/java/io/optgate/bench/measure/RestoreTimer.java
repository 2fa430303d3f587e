package io.optgate.bench.measure;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times state restoration per store from Kafka Streams' own callbacks: for each store, from the
 * first {@code onRestoreStart} of any of its partitions to the last {@code onRestoreEnd}, and the
 * records restored ({@code totalRestored}). Installed with
 * {@code KafkaStreams#setGlobalStateRestoreListener}, so global stores count too. Thread-safe:
 * the callbacks come from stream threads, the state updater and the global thread.
 */
public final class RestoreTimer implements StateRestoreListener {

    private final Map<String, StoreRestore> stores = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(final TopicPartition partition, final String storeName, final long startingOffset, final long endingOffset) {
        final long now = System.nanoTime();
        stores.compute(storeName, (name, restore) -> (restore == null ? StoreRestore.started(name, now) : restore)
                .withPartitionStarted(partition, endingOffset - startingOffset));
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String storeName, final long batchEndOffset, final long numRestored) {
        // Only the totals matter here.
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String storeName, final long totalRestored) {
        final long now = System.nanoTime();
        stores.computeIfPresent(storeName, (name, restore) -> restore.withPartitionEnded(now, totalRestored));
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String storeName, final long totalRestored) {
        final long now = System.nanoTime();
        stores.computeIfPresent(storeName, (name, restore) -> restore.withPartitionEnded(now, totalRestored));
    }

    /** What was restored so far, largest first. */
    public List<StoreRestore> restores() {
        return stores.values().stream()
                .sorted(Comparator.comparingLong(StoreRestore::records).reversed().thenComparing(StoreRestore::store))
                .toList();
    }

    /** Whether every store that started restoring has finished on every partition it started. */
    public boolean allEnded() {
        return stores.values().stream().allMatch(restore -> restore.partitionsStarted() == restore.partitionsEnded());
    }

    /** Records restored so far, all stores together. */
    public long totalRecords() {
        return stores.values().stream().mapToLong(StoreRestore::records).sum();
    }

    /** Wall time from the first store's start to the last store's end; zero when nothing was restored. */
    public Duration wallTime() {
        final long start = stores.values().stream().mapToLong(StoreRestore::startNanos).min().orElse(0);
        final long end = stores.values().stream().mapToLong(StoreRestore::endNanos).max().orElse(0);
        return end > start ? Duration.ofNanos(end - start) : Duration.ZERO;
    }

    /**
     * One store's restoration.
     *
     * @param store             the store name
     * @param startNanos        {@link System#nanoTime()} of the first partition's start
     * @param endNanos          {@link System#nanoTime()} of the latest partition's end (0 while none ended)
     * @param partitionsStarted store partitions (tasks) that started restoring
     * @param partitionsEnded   of those, the ones that ended
     * @param expected          records between the starting and ending offsets, summed (an upper
     *                          bound: transaction markers take offsets too)
     * @param records           records restored ({@code totalRestored}, summed)
     */
    public record StoreRestore(String store, long startNanos, long endNanos, int partitionsStarted, int partitionsEnded,
                               long expected, long records) {

        static StoreRestore started(final String store, final long now) {
            return new StoreRestore(store, now, 0, 0, 0, 0, 0);
        }

        StoreRestore withPartitionStarted(final TopicPartition partition, final long toRestore) {
            return new StoreRestore(store, startNanos, endNanos, partitionsStarted + 1, partitionsEnded, expected + toRestore, records);
        }

        StoreRestore withPartitionEnded(final long now, final long restored) {
            return new StoreRestore(store, startNanos, Math.max(endNanos, now), partitionsStarted, partitionsEnded + 1,
                    expected, records + restored);
        }

        /** From the first start to the last end. */
        public Duration duration() {
            return endNanos > startNanos ? Duration.ofNanos(endNanos - startNanos) : Duration.ZERO;
        }
    }
}
