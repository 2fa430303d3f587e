package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps.Guarantee;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.RunningApp;
import io.optgate.bench.measure.GroupLag;
import io.optgate.bench.measure.LatencyProbe;
import io.optgate.bench.measure.Percentiles;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.clients.admin.Admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** One point of the exactly-once curve or of the two-instance comparison: a throughput run and the latency right after it. */
record Point(String label, Throughput throughput, LatencyProbe.Result latency) {

    /** The table that {@link #row} fills, its first column headed {@code points}. */
    static Report.Table table(final Report report, final String points) {
        return report.table(points, "outputs", "records/s (RUNNING → last)",
                "ratio to pass-through (records/s)", "Kafka offsets written per input", "JVM CPU ms per 1,000 records",
                "latency p50 ms", "latency p99 ms", "latency max ms", "missing");
    }

    /** This point's row, its records/s compared to {@code reference}'s (none: blank). */
    void row(final Report.Table table, final Point reference) {
        final Throughput run = throughput;
        final Percentiles p = latency.latency();
        table.row(label, Report.count(run.seen()) + (run.complete() ? "" : " of " + Report.count(run.expected()) + " (timed out)"),
                Report.count(Math.round(run.visibleRate())),
                reference == null || reference.throughput().visibleRate() == 0 ? ""
                        : Report.ratio(run.visibleRate() / reference.throughput().visibleRate()),
                Report.decimal(run.offsetsWritten() / (double) Math.max(1, run.expected())),
                Report.decimal(run.cpuNanos() / 1e6 / Math.max(1, run.seen()) * 1000),
                Report.millis(p.p50Ms()), Report.millis(p.p99Ms()), Report.millis(p.maxMs()), Report.count(latency.missing()));
    }

    /**
     * Runs {@code instances} from a fresh application id over the last {@code curveRequests}
     * requests (the dispatcher with every client's consent read first), then the latency trickle
     * against them while they still run.
     */
    static Point measure(final PhaseContext context, final String label, final List<? extends OptgateApp> instances,
                         final Guarantee guarantee, final boolean dispatcher, final String applicationId, final String tag) {
        if (dispatcher) {
            readConsentFirst(context, instances, guarantee, applicationId);
        }
        final long expected = TailOffsets.seed(context, applicationId, context.settings().curveRequests());
        final AtomicReference<LatencyProbe.Result> latency = new AtomicReference<>();
        final Throughput throughput = Throughput.measure(context, label, instances, guarantee, context.outputTopic(instances.get(0)),
                expected, apps -> {
                    context.log("  latency: %s", label);
                    latency.set(LatencyTrickle.run(context, dispatcher, context.runId() + tag));
                    apps.forEach(RunningApp::rethrowFailure);
                    context.log("  p50 %.1f ms, p99 %.1f ms", latency.get().latency().p50Ms(), latency.get().latency().p99Ms());
                });
        return new Point(label, throughput, latency.get());
    }

    /**
     * Runs the (new) dispatcher {@code applicationId} with nothing to read on {@code message.requests}
     * until it has read all of {@code consent.state}, then closes it (state kept, group left), so
     * that a measured run starts with every client's consent in its store.
     */
    private static void readConsentFirst(final PhaseContext context, final List<? extends OptgateApp> instances,
                                         final Guarantee guarantee, final String applicationId) {
        final BenchSettings settings = context.settings();
        final ContractTopics topics = context.topics();
        TailOffsets.seed(context, applicationId, 0);
        final List<RunningApp> apps = new ArrayList<>();
        try (Admin admin = context.cluster().createAdmin()) {
            for (final OptgateApp instance : instances) {
                apps.add(BenchApps.run(instance, topics, settings.partitions(), context.metrics(), guarantee));
            }
            for (final RunningApp app : apps) {
                app.awaitRunning(settings.phaseTimeout());
            }
            if (!GroupLag.awaitCaughtUp(admin, applicationId, List.of(topics.names().consentState()), settings.phaseTimeout(),
                    () -> apps.forEach(RunningApp::rethrowFailure))) {
                throw new IllegalStateException(applicationId + " did not read consent.state in " + settings.phaseTimeout());
            }
        } finally {
            apps.forEach(RunningApp::close);
        }
    }
}
