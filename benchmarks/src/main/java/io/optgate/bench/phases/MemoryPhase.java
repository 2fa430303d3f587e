package io.optgate.bench.phases;

import io.optgate.bench.Report;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The memory figures that the throughput runs took at their end, one row per run. */
final class MemoryPhase {

    private MemoryPhase() {
    }

    static void run(final PhaseContext context) {
        final Report report = context.report();
        report.heading("Memory");
        report.text("Taken at the end of each throughput run, with the app still running and every output counted. "
                + "\"Heap, app's share\" is the heap in use after a full GC minus the same figure just before the app started "
                + "(the benchmark's own data, about the size of the pre-serialized workload, is in both): the app's live Java objects. "
                + "RocksDB is off-heap: its figure is the sum of the stores' `size-all-mem-tables`, `block-cache-usage` and "
                + "`estimate-table-readers-mem` metrics (each summed over the stores in the next column). RSS is the whole benchmark JVM (committed heap, metaspace, threads, "
                + "RocksDB, and the benchmark's data) — an upper bound for the app alone; it only grows during a run, so the second row includes the first. "
                + "The broker's RSS is its own process (512 MiB max heap).");
        final Report.Table table = report.table("app", "heap, app's share", "heap used after GC (JVM)", "RocksDB native",
                "RocksDB: memtables / block cache / table readers", "RSS, benchmark JVM", "state dir on disk", "broker RSS");
        for (final Throughput run : context.findings().throughputs.values()) {
            final Map<String, Long> parts = run.rocksDbParts();
            table.row(run.app(), Report.mebibytes(run.heapAfter() - run.heapBefore()), Report.mebibytes(run.heapAfter()),
                    run.rocksDb().isPresent() ? Report.mebibytes(run.rocksDb().getAsLong()) : "none",
                    parts.isEmpty() ? "" : Stream.of("size-all-mem-tables", "block-cache-usage", "estimate-table-readers-mem")
                            .map(name -> parts.containsKey(name) ? Report.mebibytes(parts.get(name)) : "n/a")
                            .collect(Collectors.joining(" / ")),
                    run.rss().isPresent() ? Report.mebibytes(run.rss().getAsLong()) : "n/a",
                    Report.mebibytes(run.stateDirBytes()),
                    run.brokerRss().isPresent() ? Report.mebibytes(run.brokerRss().getAsLong()) : "n/a");
        }
    }
}
