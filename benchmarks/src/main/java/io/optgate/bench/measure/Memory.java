package io.optgate.bench.measure;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Memory figures, each covering something different:
 * <ul>
 *   <li>{@link #heapUsedAfterFullGc()}: live Java objects of this JVM (after {@code System.gc()},
 *       a full collection with the default collectors) — the app's caches, buffers and records
 *       in flight, plus whatever the benchmark itself holds;</li>
 *   <li>{@link #rss(long)}: resident memory of a whole process ({@code VmRSS}): heap as committed
 *       (not as used), metaspace, thread stacks, direct buffers and RocksDB's native memory;</li>
 *   <li>{@link #rocksDb(KafkaStreams)}: what RocksDB itself reports for the app's stores (memtables,
 *       block caches, table readers) — native memory that no heap figure shows.</li>
 * </ul>
 */
public final class Memory {

    /** RocksDB property metrics (KIP-607) that hold memory; summed over every store. */
    private static final Set<String> ROCKSDB_MEMORY_METRICS = Set.of("size-all-mem-tables", "block-cache-usage", "estimate-table-readers-mem");

    private Memory() {
    }

    /** Heap in use right after two full collections, in bytes. */
    public static long heapUsedAfterFullGc() {
        // Two collections: the first may only finish what finalization and reference processing left.
        System.gc();
        Pause.millis(100);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Committed heap, in bytes. */
    public static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /** {@code VmRSS} of process {@code pid} from {@code /proc/<pid>/status}, in bytes; empty where there is no /proc. */
    public static OptionalLong rss(final long pid) {
        final Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return OptionalLong.empty();
        }
        try {
            for (final String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    final String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (final IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmRSS} of this JVM. */
    public static OptionalLong ownRss() {
        return rss(ProcessHandle.current().pid());
    }

    /**
     * The sum of the RocksDB memory metrics of every store of {@code streams}, in bytes; empty when
     * the app reports none (no RocksDB stores, or metrics not recorded).
     */
    public static OptionalLong rocksDb(final KafkaStreams streams) {
        long total = 0;
        boolean any = false;
        for (final Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            if (ROCKSDB_MEMORY_METRICS.contains(entry.getKey().name()) && entry.getValue().metricValue() instanceof Number number) {
                total += number.longValue();
                any = true;
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /**
     * The RocksDB memory metrics of every store of {@code streams}, each summed over the stores:
     * {@code size-all-mem-tables}, {@code block-cache-usage}, {@code estimate-table-readers-mem}
     * (a metric no store reports is absent).
     */
    public static Map<String, Long> rocksDbParts(final KafkaStreams streams) {
        final Map<String, Long> parts = new java.util.TreeMap<>();
        for (final Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            if (ROCKSDB_MEMORY_METRICS.contains(entry.getKey().name()) && entry.getValue().metricValue() instanceof Number number) {
                parts.merge(entry.getKey().name(), number.longValue(), Long::sum);
            }
        }
        return parts;
    }

    /** Bytes of every regular file under {@code directory}; 0 when it does not exist. */
    public static long directorySize(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (final IOException e) {
                    return 0;
                }
            }).sum();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot measure " + directory, e);
        } catch (final UncheckedIOException e) {
            // A file vanished while walking (RocksDB compaction): report what was seen.
            return 0;
        }
    }
}
