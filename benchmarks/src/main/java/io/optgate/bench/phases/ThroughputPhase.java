package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.plot.LineChart;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.topics.ContractTopics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.optgate.bench.phases.Figures.ms;

/**
 * Each app from a fresh application id over every pre-loaded request: the pass-through (the
 * floor that Kafka Streams and exactly-once cost), the dispatcher, and optionally the dispatcher
 * with more stream threads.
 */
final class ThroughputPhase {

    private ThroughputPhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        final ContractTopics topics = context.topics();
        final Map<String, Throughput> throughputs = context.findings().throughputs;
        for (final String name : List.of("pass-through", DispatcherApp.NAME)) {
            try {
                final RunSettings run = context.runSettings(name, OptionalLong.empty());
                final OptgateApp app = context.app(name.equals(DispatcherApp.NAME), run);
                throughputs.put(name, Throughput.measure(context, name, app, context.outputTopic(app), settings.requests()));
            } catch (final RuntimeException e) {
                report.failed("throughput of " + name, e);
            }
        }
        if (settings.moreThreads() > 0) {
            final String label = "dispatcher, " + settings.moreThreads() + " stream threads";
            try {
                final RunSettings run = context.runSettings(DispatcherApp.NAME, OptionalLong.empty())
                        .withApplication("bench-dispatcher-threads-" + context.runId(), settings.moreThreads());
                throughputs.put(label, Throughput.measure(context, label, context.dispatcher(run, Optional.empty()),
                        topics.dispatchDecisions().name(), settings.requests()));
            } catch (final RuntimeException e) {
                report.failed("throughput of " + label, e);
            }
        }
        report.heading("Throughput");
        report.text("Each app starts with a fresh application id (no state, no committed offsets) on the same "
                + Report.count(settings.requests()) + " pre-loaded requests. A read_committed consumer counts the app's output "
                + "(the pass-through's copies, the dispatcher's `dispatch.decisions`); the rate is taken from the first to the last "
                + "committed output record, so start-up (including the dispatcher's restore of `consent.state` into its consent store) "
                + "is left out; \"start → last\" includes it. \"Kafka offsets written per input\" is how far the end offsets of all topics "
                + "moved during the run per input record: outputs, changelogs, repartition topics and transaction markers — the work the broker "
                + "does for the app. CPU is the benchmark JVM's (app, counting consumer, idle producer) over start → last; "
                + "its ratio (pass-through's CPU per record over the app's) hardly moves with the machine's load, while the records/s ratio "
                + "does (the pass-through's run is only seconds long).");
        final Report.Table table = report.table("app", "outputs", "start → RUNNING", "start → first output", "first → last output",
                "records/s (first → last)", "records/s (start → last)", "ratio to pass-through (records/s)", "Kafka offsets written per input",
                "JVM CPU ms per 1,000 records", "ratio to pass-through (CPU per record)", "broker CPU ms per 1,000 records");
        final Throughput reference = throughputs.get("pass-through");
        for (final Throughput run : throughputs.values()) {
            table.row(run.app(), Report.count(run.seen()) + (run.complete() ? "" : " of " + Report.count(run.expected()) + " (timed out)"),
                    ms(run.toRunning()), ms(run.toFirstOutput()), ms(run.firstToLast()), Report.count(Math.round(run.rate())),
                    Report.count(Math.round(run.overallRate())),
                    reference == null || reference.rate() == 0 ? "" : Report.ratio(run.rate() / reference.rate()),
                    Report.decimal(run.offsetsWritten() / (double) Math.max(1, run.expected())),
                    Report.decimal(run.cpuNanos() / 1e6 / Math.max(1, run.seen()) * 1000),
                    reference == null || run.cpuNanos() == 0 ? "" : Report.ratio(reference.cpuPerRecord() / run.cpuPerRecord()),
                    run.brokerCpuNanos().isPresent()
                            ? Report.decimal(run.brokerCpuNanos().getAsLong() / 1e6 / Math.max(1, run.seen()) * 1000) : "n/a");
        }
        final LineChart chart = new LineChart("Throughput over time: committed outputs per second", "seconds since the app started",
                "records/s (per " + Throughput.TIMELINE_BUCKET_MS + " ms)", false);
        throughputs.values().forEach(run -> chart.add(new LineChart.Series(run.app(), run.timeline().seconds(),
                run.timeline().perSecond())));
        context.plot("throughput", chart,
                "Throughput over time, each app from its start (the dispatcher's first seconds are its restore of `consent.state`)");
    }
}
