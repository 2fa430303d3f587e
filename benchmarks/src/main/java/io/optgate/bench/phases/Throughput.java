package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.apps.BenchApps.Guarantee;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.RunningApp;
import io.optgate.bench.measure.Cpu;
import io.optgate.bench.measure.LogGrowth;
import io.optgate.bench.measure.Memory;
import io.optgate.bench.measure.OutputWatcher;
import io.optgate.bench.measure.Pause;
import io.optgate.bench.measure.Timeline;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.testing.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

import static io.optgate.bench.phases.Figures.between;

/** One throughput run and the memory figures taken at its end. */
record Throughput(String app, long expected, long seen, boolean complete, Duration toRunning, Duration toFirstOutput,
                  Duration firstToLast, Duration startToLast, long cpuNanos, OptionalLong brokerCpuNanos,
                  long heapBefore, long heapAfter, OptionalLong rss, OptionalLong rocksDb, long stateDirBytes,
                  OptionalLong brokerRss, long offsetsWritten, Timeline timeline, Map<String, Long> rocksDbParts,
                  Duration runningToLast) {

    /** Width of a throughput-over-time bucket. */
    static final long TIMELINE_BUCKET_MS = 250;

    /**
     * Outputs per second from the moment every instance was RUNNING to the last committed
     * output: the time to make these records visible, final commit included. In a run of a few
     * commit intervals the first → last rate is meaningless (at commit.interval.ms=1000 most
     * outputs become visible in one or two transactions), so the curve uses this one.
     */
    double visibleRate() {
        return runningToLast.isZero() ? 0 : seen / (runningToLast.toNanos() / 1e9);
    }

    double rate() {
        return firstToLast.isZero() ? 0 : (seen - 1) / (firstToLast.toNanos() / 1e9);
    }

    double cpuPerRecord() {
        return cpuNanos / (double) Math.max(1, seen);
    }

    double overallRate() {
        return startToLast.isZero() ? 0 : seen / (startToLast.toNanos() / 1e9);
    }

    /** {@code subject} alone under exactly_once_v2 until {@code expected} outputs are committed. */
    static Throughput measure(final PhaseContext context, final String label, final OptgateApp subject, final String outputTopic,
                              final long expected) {
        return measure(context, label, List.of(subject), Guarantee.EXACTLY_ONCE_V2, outputTopic, expected, apps -> { });
    }

    /**
     * Runs {@code instances} (one app, or several sharing its application id, each with its own
     * state directory) under {@code guarantee} until {@code expected} outputs are committed, takes
     * the figures, then hands the still-running apps to {@code whileRunning} before closing them.
     */
    static Throughput measure(final PhaseContext context, final String label, final List<? extends OptgateApp> instances,
                              final Guarantee guarantee, final String outputTopic, final long expected,
                              final Consumer<List<RunningApp>> whileRunning) {
        final BenchSettings settings = context.settings();
        final KafkaCluster cluster = context.cluster();
        context.log("throughput: %s, %,d records", label, expected);
        final long heapBefore = Memory.heapUsedAfterFullGc();
        final OptionalLong brokerPid = Cpu.brokerPid();
        final long cpuBefore = Cpu.ownNanos();
        final OptionalLong brokerCpuBefore = brokerPid.isPresent() ? Cpu.ofProcess(brokerPid.getAsLong()) : OptionalLong.empty();
        final Timeline timeline = new Timeline(System.nanoTime(), TIMELINE_BUCKET_MS,
                (int) (settings.phaseTimeout().toMillis() / TIMELINE_BUCKET_MS) + 1);
        final List<RunningApp> apps = new ArrayList<>();
        try (Admin admin = cluster.createAdmin();
             OutputWatcher watcher = OutputWatcher.fromEnd(cluster.clientConfig(), outputTopic, (record, seen) -> timeline.record(seen))) {
            final long offsetsBefore = LogGrowth.totalEndOffsets(admin);
            try {
                for (final OptgateApp instance : instances) {
                    apps.add(BenchApps.run(instance, context.topics(), settings.partitions(), context.metrics(), guarantee));
                }
                for (final RunningApp app : apps) {
                    app.awaitRunning(settings.phaseTimeout());
                }
                final RunningApp first = apps.get(0);
                final boolean complete = awaitOutputs(apps, watcher, expected, settings.phaseTimeout());
                final long offsetsWritten = LogGrowth.totalEndOffsets(admin) - offsetsBefore;
                final long cpuAfter = Cpu.ownNanos();
                final OptionalLong brokerCpuAfter = brokerPid.isPresent() ? Cpu.ofProcess(brokerPid.getAsLong()) : OptionalLong.empty();
                final long heapAfter = Memory.heapUsedAfterFullGc();
                OptionalLong rocksDb = OptionalLong.empty();
                final Map<String, Long> rocksDbParts = new LinkedHashMap<>();
                long stateDirBytes = 0;
                for (final RunningApp app : apps) {
                    final OptionalLong own = Memory.rocksDb(app.streams());
                    if (own.isPresent()) {
                        rocksDb = OptionalLong.of(rocksDb.orElse(0) + own.getAsLong());
                    }
                    Memory.rocksDbParts(app.streams()).forEach((name, bytes) -> rocksDbParts.merge(name, bytes, Long::sum));
                    stateDirBytes += Memory.directorySize(app.stateDir());
                }
                final Throughput result = new Throughput(label, expected, watcher.count(), complete,
                        between(first.startNanos(), first.runningNanos()), between(first.startNanos(), watcher.firstNanos()),
                        between(watcher.firstNanos(), watcher.lastNanos()), between(first.startNanos(), watcher.lastNanos()),
                        cpuAfter - cpuBefore,
                        brokerCpuBefore.isPresent() && brokerCpuAfter.isPresent()
                                ? OptionalLong.of(brokerCpuAfter.getAsLong() - brokerCpuBefore.getAsLong()) : OptionalLong.empty(),
                        heapBefore, heapAfter, Memory.ownRss(), rocksDb, stateDirBytes,
                        brokerPid.isPresent() ? Memory.rss(brokerPid.getAsLong()) : OptionalLong.empty(), offsetsWritten, timeline,
                        rocksDbParts, between(apps.stream().mapToLong(RunningApp::runningNanos).max().orElse(0), watcher.lastNanos()));
                context.log("  %s: %,d outputs, %,.0f records/s (first to last), %,.0f (RUNNING to last)", label, result.seen(), result.rate(),
                        result.visibleRate());
                whileRunning.accept(apps);
                return result;
            } finally {
                for (final RunningApp app : apps) {
                    app.close();
                }
            }
        }
    }

    private static boolean awaitOutputs(final List<RunningApp> apps, final OutputWatcher watcher, final long expected,
                                        final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (watcher.count() < expected) {
            apps.forEach(RunningApp::rethrowFailure);
            watcher.rethrowFailure();
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Pause.millis(20);
        }
        return true;
    }
}
