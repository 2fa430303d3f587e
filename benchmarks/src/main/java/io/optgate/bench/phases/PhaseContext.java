package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Progress;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.PassThrough;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.plot.LineChart;
import io.optgate.bench.workload.Workload;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.testing.KafkaCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What every phase works with: the one broker, the settings, the pre-loaded workload and the
 * report, plus the findings that later phases read from earlier ones.
 */
public record PhaseContext(BenchSettings settings, KafkaCluster cluster, ContractTopics topics, Workload workload, Path stateRoot,
                           String runId, Metrics metrics, Report report, Progress progress, Findings findings) {

    /** The scope of the in-process Schema Registry that the apps and the benchmark share. */
    public static final String REGISTRY_SCOPE = "optgate-bench";
    /** The pass-through's output topic. */
    public static final String COPY_TOPIC = "bench.pass-through.copy";

    /**
     * A context with nothing found yet.
     *
     * @param stateRoot where the apps' state directories go
     * @param runId     makes this run's application ids and request ids its own on a broker that outlives it
     * @param metrics   where the apps' own meters go (consent changes); nobody scrapes them
     */
    public PhaseContext(final BenchSettings settings, final KafkaCluster cluster, final ContractTopics topics, final Workload workload,
                        final Path stateRoot, final String runId, final Metrics metrics, final Report report, final Progress progress) {
        this(settings, cluster, topics, workload, stateRoot, runId, metrics, report, progress, new Findings());
    }

    /** The settings of one app run under this run's broker, state root and registry, application id {@code bench-<app>-<runId>}. */
    public RunSettings runSettings(final String app, final OptionalLong commitIntervalMs) {
        return new RunSettings(cluster.bootstrapServers(), "bench-" + app + "-" + runId, stateRoot, "mock://" + REGISTRY_SCOPE,
                settings.streamThreads(), commitIntervalMs, settings.appConfig());
    }

    /** The settings of a dispatcher or pass-through run, named after the app. */
    RunSettings runSettings(final boolean dispatcher, final OptionalLong commitIntervalMs) {
        return runSettings(dispatcher ? DispatcherApp.NAME : "pass-through", commitIntervalMs);
    }

    DispatcherApp dispatcher(final RunSettings run, final Optional<Duration> grace) {
        return BenchApps.dispatcher(run, settings.partitions(), grace);
    }

    /** The copy under the dispatcher's configuration for {@code run}. */
    PassThrough passThrough(final RunSettings run) {
        return new PassThrough(dispatcher(run, Optional.empty()), COPY_TOPIC);
    }

    /** The dispatcher (no grace) or the pass-through under {@code run}. */
    OptgateApp app(final boolean dispatcher, final RunSettings run) {
        return dispatcher ? dispatcher(run, Optional.empty()) : passThrough(run);
    }

    String outputTopic(final OptgateApp app) {
        return app instanceof PassThrough ? COPY_TOPIC : topics.dispatchDecisions().name();
    }

    void log(final String format, final Object... args) {
        progress.log(format, args);
    }

    /**
     * Writes {@code chart} next to the report ({@code <output>-<name>.png}) and shows it in the
     * report; without an output file there is nowhere to put it.
     */
    void plot(final String name, final LineChart chart, final String caption) {
        settings.output().ifPresent(output -> {
            final String stem = output.getFileName().toString().replaceFirst("\\.md$", "");
            final Path file = output.toAbsolutePath().resolveSibling(stem + "-" + name + ".png");
            chart.writePng(file);
            report.text("![" + caption + "](" + file.getFileName() + ")");
            log("plot: %s", file);
        });
    }
}
