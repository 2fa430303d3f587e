package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps.Guarantee;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.plot.LineChart;
import io.optgate.platform.runner.OptgateApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Exactly-once's cost: throughput and latency of the pass-through and the dispatcher at each
 * commit interval of the curve, and under at-least-once for comparison.
 */
final class EosCurvePhase {

    private EosCurvePhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        report.heading("Exactly-once cost over commit.interval.ms");
        report.text("For each commit.interval.ms the pass-through and the dispatcher each start from a fresh application id whose "
                + "committed offsets on `message.requests` are set to the last " + Report.count(settings.curveRequests())
                + " requests (spread over the partitions), so each processes that many (the dispatcher first reads all of `consent.state`, "
                + "which it reads first, then restarts with its state kept, so the run starts with every client's consent loaded); "
                + "records/s is from the app being RUNNING to the last committed output: the time to make these records visible, final "
                + "commit included (in a run of a few commit intervals a first → last rate is meaningless: at 1000 ms most outputs "
                + "become visible in one or two transactions). Then, with the app idle, the latency "
                + "trickle (" + settings.latencyRate() + " requests/s for " + settings.latencyDuration().toSeconds() + " s, the first "
                + settings.latencyWarmup().toSeconds() + " s not counted) against the same running app. The last rows run under "
                + "at_least_once at commit.interval.ms=" + settings.alosCommitMs() + ": a benchmark-only override of the built configuration "
                + "(`BenchApps.Guarantee`), which no `KAFKA_*` variable reaches — the apps always run exactly_once_v2. Under at-least-once "
                + "a read_committed reader sees output as soon as it is written, so latency no longer waits for the commit.");
        final List<Point> dispatcherPoints = new ArrayList<>();
        final List<Point> passThroughPoints = new ArrayList<>();
        final List<Point> atLeastOnce = new ArrayList<>();
        int index = 0;
        for (final long commitMs : settings.eosCurve()) {
            for (final boolean dispatcher : List.of(false, true)) {
                final String label = label(dispatcher, "exactly_once_v2", commitMs);
                curvePoint(context, label, dispatcher, commitMs, Guarantee.EXACTLY_ONCE_V2, index++).ifPresent(point -> {
                    (dispatcher ? dispatcherPoints : passThroughPoints).add(point);
                    context.findings().curvePoints.put(point.label(), point);
                });
            }
        }
        for (final boolean dispatcher : List.of(false, true)) {
            final String label = label(dispatcher, "at_least_once", settings.alosCommitMs());
            curvePoint(context, label, dispatcher, settings.alosCommitMs(), Guarantee.AT_LEAST_ONCE, index++).ifPresent(atLeastOnce::add);
        }
        final Report.Table table = Point.table(report, "app, guarantee, commit interval");
        final List<Point> all = new ArrayList<>();
        for (int i = 0; i < Math.max(dispatcherPoints.size(), passThroughPoints.size()); i++) {
            if (i < passThroughPoints.size()) {
                all.add(passThroughPoints.get(i));
            }
            if (i < dispatcherPoints.size()) {
                all.add(dispatcherPoints.get(i));
            }
        }
        all.addAll(atLeastOnce);
        Point reference = null;
        for (final Point point : all) {
            if (point.label().startsWith("pass-through")) {
                reference = point;
            }
            point.row(table, point.label().startsWith("pass-through") ? null : reference);
        }
        final LineChart rate = new LineChart("Exactly-once cost: records/s by commit.interval.ms", "commit.interval.ms", "records/s", false);
        final LineChart p99 = new LineChart("Exactly-once cost: latency p99 by commit.interval.ms", "commit.interval.ms",
                "p99 ms (log scale)", true);
        for (final List<Point> points : List.of(passThroughPoints, dispatcherPoints)) {
            if (points.isEmpty()) {
                continue;
            }
            final String name = points.get(0).label().substring(0, points.get(0).label().indexOf(','));
            final double[] x = points.stream().mapToDouble(point -> commitOf(point.label())).toArray();
            rate.add(new LineChart.Series(name + ", exactly_once_v2", x,
                    points.stream().mapToDouble(point -> point.throughput().visibleRate()).toArray()));
            p99.add(new LineChart.Series(name + ", exactly_once_v2", x,
                    points.stream().mapToDouble(point -> point.latency().latency().p99Ms()).toArray()));
        }
        for (final Point point : atLeastOnce) {
            // One commit interval only: drawn as a level across the curve's range, for comparison.
            final double[] x = {settings.eosCurve().stream().mapToLong(Long::longValue).min().orElse(settings.alosCommitMs()),
                settings.eosCurve().stream().mapToLong(Long::longValue).max().orElse(settings.alosCommitMs())};
            final String name = point.label().substring(0, point.label().indexOf(','))
                    + ", at_least_once (commit " + settings.alosCommitMs() + " ms)";
            rate.add(new LineChart.Series(name, x, new double[] {point.throughput().visibleRate(), point.throughput().visibleRate()}));
            p99.add(new LineChart.Series(name, x, new double[] {point.latency().latency().p99Ms(), point.latency().latency().p99Ms()}));
        }
        context.plot("eos-throughput", rate, "Records/s by commit.interval.ms under exactly_once_v2, at-least-once as a level");
        context.plot("eos-latency", p99, "Latency p99 by commit.interval.ms under exactly_once_v2, at-least-once as a level");
    }

    /** A point's label, which the two-instance phase looks its points up by. */
    static String label(final boolean dispatcher, final String guarantee, final long commitMs) {
        return (dispatcher ? "dispatcher" : "pass-through") + ", " + guarantee + ", commit.interval.ms=" + commitMs;
    }

    private static double commitOf(final String label) {
        return Double.parseDouble(label.substring(label.lastIndexOf('=') + 1));
    }

    /** One app at one setting, from a fresh application id over the tail of {@code message.requests}; empty when it failed (reported). */
    private static Optional<Point> curvePoint(final PhaseContext context, final String label, final boolean dispatcher,
                                              final long commitMs, final Guarantee guarantee, final int index) {
        try {
            final RunSettings run = context.runSettings(dispatcher, OptionalLong.of(commitMs))
                    .withApplication("bench-curve-" + index + "-" + context.runId(), context.settings().streamThreads());
            final OptgateApp app = context.app(dispatcher, run);
            return Optional.of(Point.measure(context, label, List.of(app), guarantee, dispatcher, run.applicationId(), "c" + index));
        } catch (final RuntimeException e) {
            context.report().failed("eos curve: " + label, e);
            return Optional.empty();
        }
    }
}
