package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings.LatencyRun;
import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.apps.RunningApp;
import io.optgate.bench.measure.LatencyProbe;
import io.optgate.bench.measure.Percentiles;
import io.optgate.bench.plot.LineChart;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.topics.ContractTopics;

import java.time.Duration;
import java.util.OptionalLong;

/** The latency trickle against each configured app and commit interval, each row a restart with state kept. */
final class LatencyPhase {

    private LatencyPhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        final ContractTopics topics = context.topics();
        report.heading("End-to-end latency");
        report.text("A steady " + settings.latencyRate() + " requests/s for " + settings.latencyDuration().toSeconds()
                + " s per row, each to a known client with a phone on record. Latency is from just before the producer's `send` "
                + "of a MessageRequest to the moment a read_committed consumer sees its output (the copy, or its DispatchDecision); "
                + "both ends are in one JVM, one clock. The first " + settings.latencyWarmup().toSeconds() + " s of each row are not counted. "
                + "Each row restarts the app (same application id, state kept) with the given commit.interval.ms; the apps' default is 100 ms "
                + "(Kafka Streams' default under exactly_once_v2). The dispatcher judges a request as soon as consent is known current up to its "
                + "time (a probe every 20 ms; its grace period, default none, adds a fixed wait on top). \"until decided\" is the dispatcher's own decidedAt minus the request's "
                + "requestedAt (wall clock, ms): the part of the latency spent before the decision; the rest is waiting for the commit.");
        final Report.Table table = report.table("app and settings", "sent", "counted", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms",
                "until decided p50 / p99 ms", "achieved rate/s");
        final LineChart curves = new LineChart("End-to-end latency by percentile", "percentile", "ms (log scale)", true);
        int index = 0;
        for (final LatencyRun run : settings.latencyRuns()) {
            final String tag = context.runId() + "x" + index++;
            try {
                final boolean dispatcher = run.subject().equals("dispatcher");
                final RunSettings runSettings = context.runSettings(dispatcher, OptionalLong.of(run.commitIntervalMs()));
                final OptgateApp subject = dispatcher
                        ? context.dispatcher(runSettings, run.graceMs().map(Duration::ofMillis))
                        : context.passThrough(runSettings);
                context.log("latency: %s", run.label());
                final LatencyProbe.Result result;
                try (RunningApp app = BenchApps.run(subject, topics, settings.partitions(), context.metrics())) {
                    app.awaitRunning(settings.phaseTimeout());
                    result = LatencyTrickle.run(context, dispatcher, tag);
                    app.rethrowFailure();
                }
                final Percentiles p = result.latency();
                final Percentiles decided = result.untilDecided();
                table.row(run.label(), Report.count(result.sent()), Report.count(result.counted()), Report.count(result.missing()),
                        Report.millis(p.p50Ms()), Report.millis(p.p95Ms()), Report.millis(p.p99Ms()), Report.millis(p.maxMs()),
                        decided.count() == 0 ? "" : Report.millis(decided.p50Ms()) + " / " + Report.millis(decided.p99Ms()),
                        Report.count(Math.round(result.achievedRate())));
                context.log("  p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d missing", p.p50Ms(), p.p99Ms(), p.maxMs(), result.missing());
                if (result.curveMs().length > 0) {
                    curves.add(new LineChart.Series(run.label(), Percentiles.CURVE_AT, result.curveMs()));
                }
            } catch (final RuntimeException e) {
                report.failed("latency " + run.label(), e);
            }
        }
        context.plot("latency", curves, "Latency by percentile, each row of the table above");
    }
}
