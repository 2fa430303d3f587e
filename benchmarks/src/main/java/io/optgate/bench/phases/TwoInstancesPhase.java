package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps.Guarantee;
import io.optgate.bench.apps.RunSettings;
import io.optgate.platform.runner.OptgateApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Two dispatcher instances sharing one application id, next to one pass-through and one dispatcher measured the same way. */
final class TwoInstancesPhase {

    /** Kafka Streams' commit.interval.ms under exactly_once_v2, which the apps keep. */
    private static final long DEFAULT_COMMIT_MS = 100;

    private TwoInstancesPhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        report.heading("Two dispatcher instances");
        report.text("Two dispatcher instances in this JVM share one application id (each its own state directory and "
                + "`application.server`), on the same broker, " + settings.partitions() + " partitions between them; as in the "
                + "exactly-once curve, they start from a fresh application id over the last " + Report.count(settings.curveRequests())
                + " requests, then take the latency trickle together. Next to them, one pass-through and one dispatcher the same way, "
                + "all at the apps' default commit interval (" + DEFAULT_COMMIT_MS + " ms; the exactly-once curve's runs at that interval "
                + "are reused when it ran). The records/s of the two instances include the rebalance that gives the "
                + "second its tasks (both start together). They share the two cores with the broker and the benchmark, so this shows "
                + "that instances share the work correctly and what a second one costs here, not how a second machine would scale.");
        final List<Point> points = new ArrayList<>();
        final String[] labels = {"pass-through, 1 instance", "dispatcher, 1 instance", "dispatcher, 2 instances"};
        for (int i = 0; i < labels.length; i++) {
            final boolean dispatcher = i > 0;
            // The curve measured one instance of each at the default commit interval the same way already.
            final Point measured = i < 2
                    ? context.findings().curvePoints.get(EosCurvePhase.label(dispatcher, "exactly_once_v2", DEFAULT_COMMIT_MS)) : null;
            if (measured != null) {
                points.add(new Point(labels[i] + " (the exactly-once curve's run)", measured.throughput(), measured.latency()));
                continue;
            }
            try {
                final RunSettings run = context.runSettings(dispatcher, OptionalLong.of(DEFAULT_COMMIT_MS))
                        .withApplication("bench-instances-" + i + "-" + context.runId(), settings.streamThreads());
                final List<OptgateApp> instances = new ArrayList<>();
                if (i == 2) {
                    instances.add(context.dispatcher(run.withExtra("application.server", "localhost:18101"), Optional.empty()));
                    instances.add(context.dispatcher(run.withStateRoot(context.stateRoot().resolve("second-instance"))
                            .withExtra("application.server", "localhost:18102"), Optional.empty()));
                } else {
                    instances.add(context.app(dispatcher, run));
                }
                points.add(Point.measure(context, labels[i], instances, Guarantee.EXACTLY_ONCE_V2, dispatcher, run.applicationId(), "i" + i));
            } catch (final RuntimeException e) {
                report.failed("two instances: " + labels[i], e);
            }
        }
        final Report.Table table = Point.table(report, "app, instances");
        final Point reference = points.stream().filter(point -> point.label().startsWith("pass-through")).findFirst().orElse(null);
        points.forEach(point -> point.row(table, point == reference ? null : reference));
    }
}
