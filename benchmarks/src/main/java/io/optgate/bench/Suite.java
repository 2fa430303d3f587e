package io.optgate.bench;

import io.optgate.bench.BenchSettings.LatencyRun;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.BenchApps.Guarantee;
import io.optgate.bench.apps.PassThrough;
import io.optgate.bench.apps.Registries;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.apps.RunningApp;
import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.bench.measure.Cpu;
import io.optgate.bench.measure.GroupLag;
import io.optgate.bench.measure.LatencyProbe;
import io.optgate.bench.measure.LogGrowth;
import io.optgate.bench.measure.Memory;
import io.optgate.bench.measure.OutageLedger;
import io.optgate.bench.measure.OutputWatcher;
import io.optgate.bench.measure.Pause;
import io.optgate.bench.measure.Percentiles;
import io.optgate.bench.measure.RestoreTimer;
import io.optgate.bench.measure.Timeline;
import io.optgate.bench.measure.Trickle;
import io.optgate.bench.plot.LineChart;
import io.optgate.bench.workload.Loader;
import io.optgate.bench.workload.Workload;
import io.optgate.bench.workload.Workload.Prepared;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Category;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.Verdict;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.KafkaClusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole benchmark: one broker, one workload, then the measurements in a fixed order
 * (throughput of the pass-through and the dispatcher, latency runs, dispatcher restore,
 * consent-streams throughput and restore, the exactly-once curve, two dispatcher instances,
 * consent-streams stopped mid-run, then the targets at the run's size). A failing phase is reported and the next one still
 * runs; every wait is bounded by {@link BenchSettings#phaseTimeout()}.
 */
final class Suite {

    /** Kafka Streams' commit.interval.ms under exactly_once_v2, which the apps keep. */
    private static final long DEFAULT_COMMIT_MS = 100;

    /** Width of a throughput-over-time bucket. */
    private static final long TIMELINE_BUCKET_MS = 250;

    private static final String REGISTRY_SCOPE = "optgate-bench";
    private static final String COPY_TOPIC = "bench.pass-through.copy";
    private static final String CONSENT_NAMESPACE = "bench-consent.";

    private final BenchSettings settings;
    private final PrintStream progress;
    private final Report report = new Report();
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private final Map<String, Throughput> throughputs = new LinkedHashMap<>();
    /** Where the apps' own meters go (consent changes); nobody scrapes them. */
    private final Metrics metrics = Metrics.prometheus();

    /** The restore after a wipe (start → RUNNING) and its records, for the targets table; null until measured. */
    private Duration wipedRestore;
    private long wipedRecords;
    /** Requests SENT after their client's STOP in the outage phase; empty until measured. */
    private OptionalLong sentAfterStop = OptionalLong.empty();

    /** The exactly-once curve's points by label, which the two-instance phase reuses at the default commit interval. */
    private final Map<String, Point> curvePoints = new LinkedHashMap<>();

    private KafkaCluster cluster;
    private Path stateRoot;
    private ContractTopics topics;
    private Workload workload;

    Suite(final BenchSettings settings, final PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs every phase and returns the report (failed phases are listed in it). */
    Report run() {
        final String loadAtStart = Machine.loadAverage();
        final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final long started = System.nanoTime();
        final Path workDir = settings.workDir().orElseGet(Suite::temporaryDirectory);
        stateRoot = workDir.resolve("state");
        final StringBuilder setup = new StringBuilder();
        try {
            log("starting the broker (%s)", settings.broker());
            cluster = settings.broker().equals("process") ? KafkaClusters.separateProcesses(1) : KafkaClusters.inProcess(1);
            try {
                prepare(setup);
                if (settings.phases().contains("throughput")) {
                    phase("throughput", this::throughputPhase);
                    phase("memory", this::memoryTable);
                }
                if (settings.phases().contains("latency")) {
                    phase("latency", this::latencyPhase);
                }
                if (settings.phases().contains("restore")) {
                    phase("dispatcher restore", this::dispatcherRestorePhase);
                }
                if (settings.phases().contains("consent") && settings.consentClients() > 0) {
                    phase("consent-streams", this::consentPhase);
                }
                if (settings.phases().contains("eos")) {
                    phase("eos curve", this::eosPhase);
                }
                if (settings.phases().contains("instances")) {
                    phase("two instances", this::instancesPhase);
                }
                if (settings.phases().contains("outage")) {
                    phase("consent outage", this::outagePhase);
                }
                phase("targets", this::targetsTable);
            } finally {
                cluster.close();
                metrics.close();
            }
        } catch (final RuntimeException e) {
            report.failed("setup", e);
        } finally {
            if (settings.workDir().isEmpty()) {
                deleteRecursively(workDir);
            }
        }
        final String context = "Run " + startedAt + " in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s.\n\n"
                + "- Machine: " + Machine.hardware() + "; " + Machine.jvm() + ".\n"
                + "- Kafka " + Machine.kafkaVersion() + " (clients, Streams and broker). Broker: one KRaft node, "
                + (settings.broker().equals("process") ? "a separate JVM (512 MiB heap)" : "inside the benchmark JVM")
                + ", replication factor 1. The apps, the load producer and the read_committed counting consumer share the benchmark JVM.\n"
                + "- Load average (1/5/15 min) at start: " + loadAtStart + "; at end: " + Machine.loadAverage() + ".\n"
                + setup;
        report.preamble(context);
        return report;
    }

    private void prepare(final StringBuilder setup) {
        final AvroSerdes serdes = new AvroSerdes(settings.registry().client(REGISTRY_SCOPE));
        topics = new ContractTopics(TopicNames.defaults(), serdes);
        try (Admin admin = cluster.createAdmin()) {
            BenchApps.dispatcher(runSettings("provisioning", OptionalLong.empty()), settings.partitions(), Optional.empty())
                    .provisionTopics(admin);
        }
        cluster.createTopics(List.of(new NewTopic(COPY_TOPIC, Optional.of(settings.partitions()), Optional.empty())));
        log("generating %,d clients and %,d requests", settings.clients(), settings.requests());
        final Instant now = Instant.now();
        workload = Workload.of(topics, settings.tenants(), settings.clients(), now);
        final List<Prepared> practiceSettings = workload.settings();
        final List<Prepared> states = workload.consentStates();
        final Workload.RequestBatch requests = workload.requests(settings.requests(), now);
        final Duration timeout = settings.phaseTimeout();
        log("loading consent.settings, consent.state and message.requests");
        Loader.load(cluster.clientConfig(), topics.names().consentSettings(), practiceSettings, timeout);
        final Duration statesTook = Loader.load(cluster.clientConfig(), topics.names().consentState(), states, timeout);
        final Duration requestsTook = Loader.load(cluster.clientConfig(), topics.names().messageRequests(), requests.records(), timeout);
        final long requestBytes = requests.records().stream().mapToLong(record -> record.value().length).sum();
        setup.append("- Workload: ").append(settings.tenants()).append(" practices, ")
                .append(Report.count(settings.clients())).append(" clients in `consent.state` (loaded in ")
                .append(statesTook.toMillis()).append(" ms), ")
                .append(Report.count(settings.requests())).append(" message requests pre-loaded on `message.requests` (")
                .append(Report.count(requestBytes / settings.requests())).append(" bytes each on average, loaded in ")
                .append(requestsTook.toMillis()).append(" ms; ").append(mix(requests.categories()))
                .append("; 85 % SMS, 10 % e-mail, 5 % letter; 20 % name a preference; about 0.5 % duplicates, 2 % to a number not on ")
                .append("record, 3 % for clients never seen, 0.2 % invalid).\n")
                .append("- Every topic has ").append(settings.partitions()).append(" partitions; every app runs ")
                .append(settings.streamThreads()).append(" stream thread(s) with its own default configuration (exactly_once_v2, ")
                .append("commit.interval.ms 100 unless a row says otherwise).\n")
                .append("- Serdes: the apps' own Avro serdes (Confluent wire format) on an in-process Schema Registry, ")
                .append(settings.registry() == Registries.CACHED
                        ? "behind a caching client as the apps' http(s) registry client is (registry: cached).\n"
                        : "uncached, as `mock://` gives it to local mode (registry: mock).\n")
                .append(settings.appConfig().isEmpty() ? "" : "- Extra Kafka Streams settings on every app: `" + settings.appConfig() + "`.\n");
    }

    // ---------------------------------------------------------------- throughput and memory

    /** One throughput run and the memory figures taken at its end. */
    private record Throughput(String app, long expected, long seen, boolean complete, Duration toRunning, Duration toFirstOutput,
                              Duration firstToLast, Duration startToLast, long cpuNanos, OptionalLong brokerCpuNanos,
                              long heapBefore, long heapAfter, OptionalLong rss, OptionalLong rocksDb, long stateDirBytes,
                              OptionalLong brokerRss, long offsetsWritten, Timeline timeline, Map<String, Long> rocksDbParts,
                              Duration runningToLast) {

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
    }

    private void throughputPhase() {
        for (final String name : List.of("pass-through", DispatcherApp.NAME)) {
            try {
                final RunSettings run = runSettings(name, OptionalLong.empty());
                final OptgateApp app = name.equals(DispatcherApp.NAME) ? dispatcher(run, Optional.empty()) : passThrough(run);
                throughputs.put(name, throughput(name, app, outputTopic(app), settings.requests()));
            } catch (final RuntimeException e) {
                report.failed("throughput of " + name, e);
            }
        }
        if (settings.moreThreads() > 0) {
            final String label = "dispatcher, " + settings.moreThreads() + " stream threads";
            try {
                final RunSettings run = runSettings(DispatcherApp.NAME, OptionalLong.empty())
                        .withApplication("bench-dispatcher-threads-" + runId, settings.moreThreads());
                throughputs.put(label, throughput(label, dispatcher(run, Optional.empty()), topics.dispatchDecisions().name(),
                        settings.requests()));
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
                "records/s (per " + TIMELINE_BUCKET_MS + " ms)", false);
        throughputs.values().forEach(run -> chart.add(new LineChart.Series(run.app(), run.timeline().seconds(), run.timeline().perSecond())));
        plot("throughput", chart, "Throughput over time, each app from its start (the dispatcher's first seconds are its restore of `consent.state`)");
    }

    /**
     * Writes {@code chart} next to the report ({@code <output>-<name>.png}) and shows it in the
     * report; without an output file there is nowhere to put it.
     */
    private void plot(final String name, final LineChart chart, final String caption) {
        settings.output().ifPresent(output -> {
            final String stem = output.getFileName().toString().replaceFirst("\\.md$", "");
            final Path file = output.toAbsolutePath().resolveSibling(stem + "-" + name + ".png");
            chart.writePng(file);
            report.text("![" + caption + "](" + file.getFileName() + ")");
            log("plot: %s", file);
        });
    }

    private Throughput throughput(final String label, final OptgateApp subject, final String outputTopic, final long expected) {
        return throughput(label, List.of(subject), Guarantee.EXACTLY_ONCE_V2, outputTopic, expected, apps -> { });
    }

    /**
     * Runs {@code instances} (one app, or several sharing its application id, each with its own
     * state directory) under {@code guarantee} until {@code expected} outputs are committed, takes
     * the figures, then hands the still-running apps to {@code whileRunning} before closing them.
     */
    private Throughput throughput(final String label, final List<? extends OptgateApp> instances, final Guarantee guarantee,
                                  final String outputTopic, final long expected, final Consumer<List<RunningApp>> whileRunning) {
        log("throughput: %s, %,d records", label, expected);
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
                    apps.add(BenchApps.run(instance, topics, settings.partitions(), metrics, guarantee));
                }
                for (final RunningApp app : apps) {
                    app.awaitRunning(settings.phaseTimeout());
                }
                final RunningApp first = apps.get(0);
                final boolean complete = awaitOutputs(apps, watcher, expected);
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
                log("  %s: %,d outputs, %,.0f records/s (first to last), %,.0f (RUNNING to last)", label, result.seen(), result.rate(),
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

    private boolean awaitOutputs(final List<RunningApp> apps, final OutputWatcher watcher, final long expected) {
        final long deadline = System.nanoTime() + settings.phaseTimeout().toNanos();
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

    private void memoryTable() {
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
        for (final Throughput run : throughputs.values()) {
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

    // ---------------------------------------------------------------- latency

    private void latencyPhase() {
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
            final String tag = runId + "x" + index++;
            try {
                final boolean dispatcher = run.subject().equals("dispatcher");
                final RunSettings runSettings = runSettings(dispatcher ? DispatcherApp.NAME : "pass-through",
                        OptionalLong.of(run.commitIntervalMs()));
                final OptgateApp subject = dispatcher
                        ? dispatcher(runSettings, run.graceMs().map(Duration::ofMillis))
                        : passThrough(runSettings);
                log("latency: %s", run.label());
                final LatencyProbe.Result result;
                try (RunningApp app = BenchApps.run(subject, topics, settings.partitions(), metrics)) {
                    app.awaitRunning(settings.phaseTimeout());
                    result = probeLatency(dispatcher, tag);
                    app.rethrowFailure();
                }
                final Percentiles p = result.latency();
                final Percentiles decided = result.untilDecided();
                table.row(run.label(), Report.count(result.sent()), Report.count(result.counted()), Report.count(result.missing()),
                        Report.millis(p.p50Ms()), Report.millis(p.p95Ms()), Report.millis(p.p99Ms()), Report.millis(p.maxMs()),
                        decided.count() == 0 ? "" : Report.millis(decided.p50Ms()) + " / " + Report.millis(decided.p99Ms()),
                        Report.count(Math.round(result.achievedRate())));
                log("  p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d missing", p.p50Ms(), p.p99Ms(), p.maxMs(), result.missing());
                if (result.curveMs().length > 0) {
                    curves.add(new LineChart.Series(run.label(), Percentiles.CURVE_AT, result.curveMs()));
                }
            } catch (final RuntimeException e) {
                report.failed("latency " + run.label(), e);
            }
        }
        plot("latency", curves, "Latency by percentile, each row of the table above");
    }

    /**
     * The latency trickle ({@code latencyRate} requests/s for {@code latencyDuration}) against the
     * app that is running now, the dispatcher's decisions or the pass-through's copies as output.
     */
    private LatencyProbe.Result probeLatency(final boolean dispatcher, final String tag) {
        final Serializer<MessageRequest> requestSerializer = topics.messageRequests().valueSerde().serializer();
        final Deserializer<MessageRequest> copyReader = topics.messageRequests().valueSerde().deserializer();
        final Deserializer<DispatchDecision> decisionReader = topics.dispatchDecisions().valueSerde().deserializer();
        final String requestTopic = topics.names().messageRequests();
        final String outputTopic = dispatcher ? topics.dispatchDecisions().name() : COPY_TOPIC;
        final Function<byte[], LatencyProbe.Output> outputOf = dispatcher
                ? bytes -> {
                    final DispatchDecision decision = decisionReader.deserialize(outputTopic, bytes);
                    return new LatencyProbe.Output(decision.getRequestId(), decision.getDecidedAt().toEpochMilli());
                }
                : bytes -> new LatencyProbe.Output(copyReader.deserialize(outputTopic, bytes).getRequestId(), -1);
        return LatencyProbe.run(cluster.clientConfig(), requestTopic, outputTopic,
                (requestId, sequence, now) -> {
                    final MessageRequest request = workload.latencyRequest(requestId, sequence, now);
                    return new byte[][] {workload.clientKeyBytes(request), requestSerializer.serialize(requestTopic, request)};
                },
                outputOf, tag, settings.latencyRate(), settings.latencyDuration(), settings.latencyWarmup(),
                Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------- restore

    private void dispatcherRestorePhase() {
        final RunSettings run = runSettings(DispatcherApp.NAME, OptionalLong.empty());
        final DispatcherApp dispatcher = dispatcher(run, Optional.empty());
        report.heading("Restore");
        report.text("After a kill -9 under exactly-once, Kafka Streams (up to 4.3) wipes the local state and restores it from the "
                + "changelogs, so restore speed is recovery time. The dispatcher is stopped (leaving its consumer group), its state "
                + "directory deleted, and started again; restoration is timed per store with a StateRestoreListener (onRestoreStart to "
                + "onRestoreEnd, records = totalRestored; the consent store is restored from `consent.state` itself, "
                + "`reuse.ktable.source.topics`; stores restore in parallel, so \"all stores\" is wall time). \"serving\" is from "
                + "start() to the decision on a request produced right after start becoming visible to a read_committed consumer "
                + "(it includes the dispatcher's grace, none by default). The stores hold what the phases before wrote under the same "
                + "application id: every client's consent (" + Report.count(settings.clients()) + ") and, after the throughput phase, a "
                + "decision and a duplicate-window entry for each of its " + Report.count(settings.requests()) + " requests (all within the "
                + "30-day status and 7-day duplicate retention). Issue 14's scenario, 1,000,000 clients plus 30 days of decisions at 50,000 "
                + "requests a day, is 1,500,000 decisions of which 350,000 are in the duplicate window: the default sizes restore more than "
                + "that. Then two restarts with the state kept: after a close that left the group (as the apps' "
                + "runner closes), and after a close that stayed in the group, which leaves the group as a kill -9 does: the new "
                + "member gets no partitions until the old one's session times out (session.timeout.ms: the apps set 10 s; Kafka's default is 45 s).");
        final Report.Table table = report.table("dispatcher restart", "records restored", "ms", "records/s", "state on disk before");
        restore(dispatcher, run, table, "state wiped", true, false);
        restore(dispatcher, run, table, "state kept", false, settings.memberRestart());
        if (settings.memberRestart()) {
            restore(dispatcher, run, table, "state kept, previous member still in the group", false, false);
        }
    }

    private void restore(final DispatcherApp dispatcher, final RunSettings run, final Report.Table table, final String label,
                         final boolean wipe, final boolean stayInGroup) {
        final Path stateDir = run.stateRoot().resolve(run.applicationId());
        final long onDisk = Memory.directorySize(stateDir);
        if (wipe) {
            deleteRecursively(stateDir);
        }
        log("restore: dispatcher, %s", label);
        final String requestTopic = topics.names().messageRequests();
        final Deserializer<DispatchDecision> decisionReader = topics.dispatchDecisions().valueSerde().deserializer();
        final String probeId = "probe-" + runId + "-" + label.replaceAll("[^a-z]+", "-");
        final AtomicLong seenAt = new AtomicLong();
        final String outputTopic = topics.dispatchDecisions().name();
        try (OutputWatcher watcher = OutputWatcher.fromEnd(cluster.clientConfig(), outputTopic, (record, seen) -> {
            if (record.value() != null && probeId.equals(decisionReader.deserialize(outputTopic, record.value()).getRequestId())) {
                seenAt.compareAndSet(0, seen);
            }
        })) {
            try (RunningApp app = BenchApps.run(dispatcher, topics, settings.partitions(), metrics)) {
                final MessageRequest probe = workload.latencyRequest(probeId, 1, Instant.now());
                Loader.load(cluster.clientConfig(), requestTopic, List.of(new Prepared(workload.clientKeyBytes(probe),
                        topics.messageRequests().valueSerde().serializer().serialize(requestTopic, probe), null)), settings.phaseTimeout());
                app.awaitRunning(settings.phaseTimeout());
                final long deadline = System.nanoTime() + settings.phaseTimeout().toNanos();
                while (seenAt.get() == 0 && System.nanoTime() - deadline < 0) {
                    app.rethrowFailure();
                    watcher.rethrowFailure();
                    Pause.millis(10);
                }
                final RestoreTimer restores = app.restores();
                final long records = restores.restores().stream().mapToLong(RestoreTimer.StoreRestore::records).sum();
                final Duration wall = restores.wallTime();
                table.row("**" + label + "**: all stores", Report.count(records), ms(wall), rate(records, wall), Report.mebibytes(onDisk));
                for (final RestoreTimer.StoreRestore store : restores.restores()) {
                    if (store.records() > 0) {
                        table.row("  " + store.store(), Report.count(store.records()), ms(store.duration()), rate(store.records(), store.duration()));
                    }
                }
                table.row(label + ": start → RUNNING", "", ms(between(app.startNanos(), app.runningNanos())));
                if (wipe) {
                    wipedRestore = between(app.startNanos(), app.runningNanos());
                    wipedRecords = records;
                }
                table.row(label + ": start → serving", "", seenAt.get() == 0
                        ? "not serving after " + settings.phaseTimeout().toSeconds() + " s" : ms(between(app.startNanos(), seenAt.get())));
                log("  restored %,d records in %d ms; serving after %d ms", records, wall.toMillis(),
                        between(app.startNanos(), seenAt.get()).toMillis());
                if (stayInGroup) {
                    app.closeRemainingInGroup();
                }
            }
        } catch (final RuntimeException e) {
            report.failed("restore of the dispatcher (" + label + ")", e);
        }
    }

    // ---------------------------------------------------------------- consent-streams

    private void consentPhase() {
        final AvroSerdes serdes = new AvroSerdes(settings.registry().client(REGISTRY_SCOPE));
        final ContractTopics consentTopics = new ContractTopics(TopicNames.fromEnv(TopicNames.prefixedVariables(CONSENT_NAMESPACE)), serdes);
        final RunSettings run = runSettings(ConsentStreamsApp.NAME, OptionalLong.empty());
        final ConsentStreamsApp subject = BenchApps.consentStreams(run, settings.partitions(), CONSENT_NAMESPACE);
        try (Admin admin = cluster.createAdmin()) {
            subject.provisionTopics(admin);
        }
        final Workload consentWorkload = Workload.of(consentTopics, settings.tenants(), settings.consentClients(), Instant.now());
        final List<Prepared> events = consentWorkload.consentEvents();
        Loader.load(cluster.clientConfig(), consentTopics.names().consentSettings(), consentWorkload.settings(), settings.phaseTimeout());
        Loader.load(cluster.clientConfig(), consentTopics.names().consentEvents(), events, settings.phaseTimeout());
        final List<String> inputs = List.of(consentTopics.names().consentEvents(), consentTopics.names().consentPhoneEvents(),
                consentTopics.names().consentSettings());

        report.heading("consent-streams");
        report.text("consent-streams on its own copy of the contract topics (prefix `" + CONSENT_NAMESPACE + "`): "
                + Report.count(events.size()) + " pre-loaded `consent.events` (" + Report.count(settings.consentClients())
                + " clients, two events each: a phone number, then an SMS level — 55 % FULL_TRANSACTIONAL, 20 % MARKETING, "
                + "10 % OPTED_OUT, 15 % another number) and the practices' settings. Throughput runs from the app being RUNNING "
                + "until its consumer group has committed every input and repartition record "
                + "(lag polled every 100 ms). Then the app is stopped, its state directory deleted, and it is started again.");
        final Report.Table table = report.table("measurement", "value");
        log("consent-streams: %,d events", events.size());
        final long heapBefore = Memory.heapUsedAfterFullGc();
        final long cpuBefore = Cpu.ownNanos();
        try (Admin admin = cluster.createAdmin();
             OutputWatcher watcher = OutputWatcher.fromEnd(cluster.clientConfig(), consentTopics.consentState().name())) {
            try (RunningApp app = BenchApps.run(subject, consentTopics, settings.partitions(), metrics)) {
                app.awaitRunning(settings.phaseTimeout());
                final boolean caughtUp = GroupLag.awaitCaughtUp(admin, run.applicationId(), inputs, settings.phaseTimeout(), app::rethrowFailure);
                final long done = System.nanoTime();
                final long cpu = Cpu.ownNanos() - cpuBefore;
                final Duration processing = between(app.runningNanos(), done);
                table.row("events processed", Report.count(events.size()) + (caughtUp ? "" : " (NOT caught up in "
                        + settings.phaseTimeout().toSeconds() + " s)"));
                table.row("`consent.state` records written", Report.count(watcher.count()));
                table.row("start → RUNNING", ms(between(app.startNanos(), app.runningNanos())) + " ms");
                table.row("RUNNING → all input committed", ms(processing) + " ms");
                table.row("events/s (RUNNING → all committed)", rate(events.size(), processing));
                table.row("JVM CPU ms per 1,000 events", Report.decimal(cpu / 1e6 / events.size() * 1000));
                table.row("heap, app's share (after full GC)", Report.mebibytes(Memory.heapUsedAfterFullGc() - heapBefore));
                final OptionalLong rocks = Memory.rocksDb(app.streams());
                table.row("RocksDB native", rocks.isPresent() ? Report.mebibytes(rocks.getAsLong()) : "none");
                table.row("state dir on disk", Report.mebibytes(Memory.directorySize(app.stateDir())));
                log("  consent-streams: %,d events in %d ms", events.size(), processing.toMillis());
            }
            final Path stateDir = run.stateRoot().resolve(run.applicationId());
            deleteRecursively(stateDir);
            log("restore: consent-streams, state wiped");
            try (RunningApp app = BenchApps.run(subject, consentTopics, settings.partitions(), metrics)) {
                app.awaitRunning(settings.phaseTimeout());
                final RestoreTimer restores = app.restores();
                final long records = restores.restores().stream().mapToLong(RestoreTimer.StoreRestore::records).sum();
                table.row("restore after wipe: all stores", Report.count(records) + " records in " + ms(restores.wallTime()) + " ms ("
                        + rate(records, restores.wallTime()) + " records/s); start → RUNNING "
                        + ms(between(app.startNanos(), app.runningNanos())) + " ms");
                for (final RestoreTimer.StoreRestore store : restores.restores()) {
                    table.row("  " + store.store(), Report.count(store.records()) + " records in " + ms(store.duration()) + " ms");
                }
            }
        }
    }

    // ---------------------------------------------------------------- the exactly-once curve

    /** One point of the curve or of the two-instance comparison: a throughput run and the latency right after it. */
    private record Point(String label, Throughput throughput, LatencyProbe.Result latency) {
    }

    private void eosPhase() {
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
                final String label = (dispatcher ? "dispatcher" : "pass-through") + ", exactly_once_v2, commit.interval.ms=" + commitMs;
                curvePoint(label, dispatcher, commitMs, Guarantee.EXACTLY_ONCE_V2, index++).ifPresent(point -> {
                    (dispatcher ? dispatcherPoints : passThroughPoints).add(point);
                    curvePoints.put(point.label(), point);
                });
            }
        }
        for (final boolean dispatcher : List.of(false, true)) {
            final String label = (dispatcher ? "dispatcher" : "pass-through") + ", at_least_once, commit.interval.ms=" + settings.alosCommitMs();
            curvePoint(label, dispatcher, settings.alosCommitMs(), Guarantee.AT_LEAST_ONCE, index++).ifPresent(atLeastOnce::add);
        }
        final Report.Table table = report.table("app, guarantee, commit interval", "outputs", "records/s (RUNNING → last)",
                "ratio to pass-through (records/s)", "Kafka offsets written per input", "JVM CPU ms per 1,000 records",
                "latency p50 ms", "latency p99 ms", "latency max ms", "missing");
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
            pointRow(table, point, point.label().startsWith("pass-through") ? null : reference);
        }
        final LineChart rate = new LineChart("Exactly-once cost: records/s by commit.interval.ms", "commit.interval.ms", "records/s", false);
        final LineChart p99 = new LineChart("Exactly-once cost: latency p99 by commit.interval.ms", "commit.interval.ms", "p99 ms (log scale)", true);
        for (final List<Point> points : List.of(passThroughPoints, dispatcherPoints)) {
            if (points.isEmpty()) {
                continue;
            }
            final String name = points.get(0).label().substring(0, points.get(0).label().indexOf(','));
            final double[] x = points.stream().mapToDouble(point -> commitOf(point.label())).toArray();
            rate.add(new LineChart.Series(name + ", exactly_once_v2", x, points.stream().mapToDouble(point -> point.throughput().visibleRate()).toArray()));
            p99.add(new LineChart.Series(name + ", exactly_once_v2", x, points.stream().mapToDouble(point -> point.latency().latency().p99Ms()).toArray()));
        }
        for (final Point point : atLeastOnce) {
            // One commit interval only: drawn as a level across the curve's range, for comparison.
            final double[] x = {settings.eosCurve().stream().mapToLong(Long::longValue).min().orElse(settings.alosCommitMs()),
                settings.eosCurve().stream().mapToLong(Long::longValue).max().orElse(settings.alosCommitMs())};
            final String name = point.label().substring(0, point.label().indexOf(',')) + ", at_least_once (commit " + settings.alosCommitMs() + " ms)";
            rate.add(new LineChart.Series(name, x, new double[] {point.throughput().visibleRate(), point.throughput().visibleRate()}));
            p99.add(new LineChart.Series(name, x, new double[] {point.latency().latency().p99Ms(), point.latency().latency().p99Ms()}));
        }
        plot("eos-throughput", rate, "Records/s by commit.interval.ms under exactly_once_v2, at-least-once as a level");
        plot("eos-latency", p99, "Latency p99 by commit.interval.ms under exactly_once_v2, at-least-once as a level");
    }

    private static double commitOf(final String label) {
        return Double.parseDouble(label.substring(label.lastIndexOf('=') + 1));
    }

    private void pointRow(final Report.Table table, final Point point, final Point reference) {
        final Throughput run = point.throughput();
        final Percentiles p = point.latency().latency();
        table.row(point.label(), Report.count(run.seen()) + (run.complete() ? "" : " of " + Report.count(run.expected()) + " (timed out)"),
                Report.count(Math.round(run.visibleRate())),
                reference == null || reference.throughput().visibleRate() == 0 ? ""
                        : Report.ratio(run.visibleRate() / reference.throughput().visibleRate()),
                Report.decimal(run.offsetsWritten() / (double) Math.max(1, run.expected())),
                Report.decimal(run.cpuNanos() / 1e6 / Math.max(1, run.seen()) * 1000),
                Report.millis(p.p50Ms()), Report.millis(p.p99Ms()), Report.millis(p.maxMs()), Report.count(point.latency().missing()));
    }

    /** One app at one setting, from a fresh application id over the tail of {@code message.requests}; empty when it failed (reported). */
    private Optional<Point> curvePoint(final String label, final boolean dispatcher, final long commitMs, final Guarantee guarantee,
                                       final int index) {
        try {
            final RunSettings run = runSettings(dispatcher ? DispatcherApp.NAME : "pass-through", OptionalLong.of(commitMs))
                    .withApplication("bench-curve-" + index + "-" + runId, settings.streamThreads());
            final OptgateApp app = dispatcher ? dispatcher(run, Optional.empty()) : passThrough(run);
            return Optional.of(point(label, List.of(app), guarantee, dispatcher, run.applicationId(), "c" + index));
        } catch (final RuntimeException e) {
            report.failed("eos curve: " + label, e);
            return Optional.empty();
        }
    }

    private Point point(final String label, final List<? extends OptgateApp> instances, final Guarantee guarantee, final boolean dispatcher,
                        final String applicationId, final String tag) {
        if (dispatcher) {
            readConsentFirst(instances, guarantee, applicationId);
        }
        final long expected = seedAtTail(applicationId, settings.curveRequests());
        final AtomicReference<LatencyProbe.Result> latency = new AtomicReference<>();
        final Throughput throughput = throughput(label, instances, guarantee, outputTopic(instances.get(0)), expected, apps -> {
            log("  latency: %s", label);
            latency.set(probeLatency(dispatcher, runId + tag));
            apps.forEach(RunningApp::rethrowFailure);
            log("  p50 %.1f ms, p99 %.1f ms", latency.get().latency().p50Ms(), latency.get().latency().p99Ms());
        });
        return new Point(label, throughput, latency.get());
    }

    /**
     * Runs the (new) dispatcher {@code applicationId} with nothing to read on {@code message.requests}
     * until it has read all of {@code consent.state}, then closes it (state kept, group left), so
     * that a measured run starts with every client's consent in its store.
     */
    private void readConsentFirst(final List<? extends OptgateApp> instances, final Guarantee guarantee, final String applicationId) {
        seedAtTail(applicationId, 0);
        final List<RunningApp> apps = new ArrayList<>();
        try (Admin admin = cluster.createAdmin()) {
            for (final OptgateApp instance : instances) {
                apps.add(BenchApps.run(instance, topics, settings.partitions(), metrics, guarantee));
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

    /**
     * Sets the committed offsets of the (new, empty) group {@code applicationId} on
     * {@code message.requests} so that about {@code count} requests are left to read, spread over
     * the partitions; the group reads every other topic from the start.
     *
     * @return how many requests the group will read
     */
    private long seedAtTail(final String applicationId, final int count) {
        final String topic = topics.names().messageRequests();
        try (Admin admin = cluster.createAdmin()) {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < settings.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(settings.phaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            final long share = (count + settings.partitions() - 1L) / settings.partitions();
            final Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            long left = 0;
            for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                final long from = Math.max(0, end.getValue().offset() - share);
                start.put(end.getKey(), new OffsetAndMetadata(from));
                left += end.getValue().offset() - from;
            }
            // Right after a close the group may not be empty yet: a few tries, half a second apart.
            for (int attempt = 1; ; attempt++) {
                try {
                    admin.alterConsumerGroupOffsets(applicationId, start).all().get(settings.phaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    return left;
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof GroupNotEmptyException) || attempt >= 20) {
                        throw e;
                    }
                    Pause.millis(500);
                }
            }
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set the offsets of " + applicationId, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- two dispatcher instances

    private void instancesPhase() {
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
            final Point measured = i < 2 ? curvePoints.get((dispatcher ? "dispatcher" : "pass-through")
                    + ", exactly_once_v2, commit.interval.ms=" + DEFAULT_COMMIT_MS) : null;
            if (measured != null) {
                points.add(new Point(labels[i] + " (the exactly-once curve's run)", measured.throughput(), measured.latency()));
                continue;
            }
            try {
                final RunSettings run = runSettings(dispatcher ? DispatcherApp.NAME : "pass-through", OptionalLong.of(DEFAULT_COMMIT_MS))
                        .withApplication("bench-instances-" + i + "-" + runId, settings.streamThreads());
                final List<OptgateApp> instances = new ArrayList<>();
                if (i == 2) {
                    instances.add(dispatcher(run.withExtra("application.server", "localhost:18101"), Optional.empty()));
                    instances.add(dispatcher(run.withStateRoot(stateRoot.resolve("second-instance"))
                            .withExtra("application.server", "localhost:18102"), Optional.empty()));
                } else {
                    instances.add(dispatcher ? dispatcher(run, Optional.empty()) : passThrough(run));
                }
                points.add(point(labels[i], instances, Guarantee.EXACTLY_ONCE_V2, dispatcher, run.applicationId(), "i" + i));
            } catch (final RuntimeException e) {
                report.failed("two instances: " + labels[i], e);
            }
        }
        final Report.Table table = report.table("app, instances", "outputs", "records/s (RUNNING → last)",
                "ratio to pass-through (records/s)", "Kafka offsets written per input", "JVM CPU ms per 1,000 records",
                "latency p50 ms", "latency p99 ms", "latency max ms", "missing");
        final Point reference = points.stream().filter(point -> point.label().startsWith("pass-through")).findFirst().orElse(null);
        points.forEach(point -> pointRow(table, point, point == reference ? null : reference));
    }

    // ---------------------------------------------------------------- consent outage

    private void outagePhase() {
        final int clients = settings.outageClients();
        final Duration outage = settings.outageDuration();
        final Duration lead = Duration.ofMillis(Math.max(2_000, outage.toMillis() / 4));
        final String consentId = "bench-consent-outage-" + runId;
        final RunSettings consentRun = runSettings("consent-outage", OptionalLong.empty()).withApplication(consentId, settings.streamThreads());
        final ConsentStreamsApp consent = BenchApps.consentStreams(consentRun, settings.partitions());
        final RunSettings dispatcherRun = runSettings("dispatcher-outage", OptionalLong.empty());
        final DispatcherApp dispatcher = BenchApps.dispatcherWatchingConsent(dispatcherRun, settings.partitions(), consentId,
                settings.outageMaxWait());
        report.heading("consent-streams stopped mid-run");
        report.text("consent-streams and the dispatcher as in production: the dispatcher waits until consent is known current up to "
                + "a request's time (`OPTGATE_CONSENT_MAX_WAIT=" + settings.outageMaxWait() + "`), then decides CONSENT_STALE. "
                + Report.count(clients) + " clients of their own get a number and FULL_TRANSACTIONAL through consent-streams; then "
                + settings.outageRate() + " transactional SMS requests/s go to them, round robin: " + lead.toSeconds() + " s with "
                + "consent-streams running, " + outage.toSeconds() + " s with it stopped, " + lead.toSeconds() + " s after its restart "
                + "(state kept). Right after the stop, half the clients STOP (SMS level OPTED_OUT on `consent.events`). A request made "
                + "after its client's STOP was acknowledged by the broker must not be SENT; the benchmark counts every decision.");
        final OutageLedger ledger = new OutageLedger();
        final Duration timeout = settings.phaseTimeout();
        final List<String> consentInputs = List.of(topics.names().consentEvents(), topics.names().consentPhoneEvents(),
                topics.names().consentSettings());
        try (Admin admin = cluster.createAdmin()) {
            consent.provisionTopics(admin);
        }
        Loader.load(cluster.clientConfig(), topics.names().consentEvents(), workload.outageSetup(clients, Instant.now()), timeout);
        seedAtTail(dispatcherRun.applicationId(), 0);
        final String prefix = "outage-" + runId + "-";
        final Deserializer<DispatchDecision> decisionReader = topics.dispatchDecisions().valueSerde().deserializer();
        final String decisionsTopic = topics.dispatchDecisions().name();
        final Serializer<MessageRequest> requestSerializer = topics.messageRequests().valueSerde().serializer();
        final String requestTopic = topics.names().messageRequests();
        final AtomicReference<OutageLedger.Period> period = new AtomicReference<>(OutageLedger.Period.BEFORE);
        RunningApp consentApp = BenchApps.run(consent, topics, settings.partitions(), metrics);
        try (Admin admin = cluster.createAdmin();
             OutputWatcher watcher = OutputWatcher.fromEnd(cluster.clientConfig(), decisionsTopic, (record, seen) -> {
                 if (record.value() != null) {
                     final DispatchDecision decision = decisionReader.deserialize(decisionsTopic, record.value());
                     if (decision.getRequestId().startsWith(prefix)) {
                         ledger.decided(decision.getRequestId(), new OutageLedger.Decision(decision.getVerdict() == Verdict.SEND,
                                 decision.getReason().name(), decision.getDecidedAt().toEpochMilli()));
                     }
                 }
             });
             RunningApp dispatcherApp = BenchApps.run(dispatcher, topics, settings.partitions(), metrics)) {
            consentApp.awaitRunning(timeout);
            log("outage: consent-streams applying the set-up of %,d clients", clients);
            if (!GroupLag.awaitCaughtUp(admin, consentId, consentInputs, timeout, consentApp::rethrowFailure)) {
                throw new IllegalStateException("consent-streams did not catch up in " + timeout);
            }
            dispatcherApp.awaitRunning(timeout);
            log("outage: dispatcher reading consent.state");
            if (!GroupLag.awaitCaughtUp(admin, dispatcherRun.applicationId(), List.of(topics.names().consentState()), timeout,
                    dispatcherApp::rethrowFailure)) {
                throw new IllegalStateException("the dispatcher did not read consent.state in " + timeout);
            }
            final long started = System.nanoTime();
            try (Trickle trickle = Trickle.start(cluster.clientConfig(), requestTopic, (requestId, sequence, now) -> {
                final int k = (int) (sequence % clients);
                final MessageRequest request = workload.outageRequest(requestId, k, now);
                return new byte[][] {workload.outageClientKey(k).getBytes(StandardCharsets.UTF_8), requestSerializer.serialize(requestTopic, request)};
            }, prefix, settings.outageRate(), (requestId, sequence, requestedAt) ->
                    ledger.requested(requestId, workload.outageClientKey((int) (sequence % clients)), requestedAt.toEpochMilli(), period.get()))) {
                sleepChecking(lead, trickle, dispatcherApp);
                log("outage: stopping consent-streams for %d s", outage.toSeconds());
                consentApp.close();
                final long stoppedAt = System.nanoTime();
                period.set(OutageLedger.Period.DURING);
                final List<Prepared> stops = new ArrayList<>();
                final List<Integer> stopped = new ArrayList<>();
                for (int k = 1; k < clients; k += 2) {
                    stops.add(workload.outageStop(k, Instant.now()));
                    stopped.add(k);
                }
                Loader.load(cluster.clientConfig(), topics.names().consentEvents(), stops, timeout);
                final long acknowledged = System.currentTimeMillis();
                stopped.forEach(k -> ledger.stopped(workload.outageClientKey(k), acknowledged));
                sleepChecking(outage.minusNanos(System.nanoTime() - stoppedAt), trickle, dispatcherApp);
                log("outage: restarting consent-streams");
                consentApp = BenchApps.run(consent, topics, settings.partitions(), metrics);
                period.set(OutageLedger.Period.AFTER);
                sleepChecking(lead, trickle, dispatcherApp);
            }
            log("outage: %,d requests made in %d s; waiting for their decisions", ledger.requestCount(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            final long deadline = System.nanoTime() + settings.outageMaxWait().plus(timeout).toNanos();
            while (!ledger.complete() && System.nanoTime() - deadline < 0) {
                dispatcherApp.rethrowFailure();
                watcher.rethrowFailure();
                Pause.millis(50);
            }
        } finally {
            consentApp.close();
        }
        final Report.Table table = report.table("requests made", "made", "decided", "SENT", "SENT after the client's STOP (must be 0)",
                "not sent after the client's STOP", "CONSENT_STALE", "until decided p50 / p99 / max ms");
        int violations = 0;
        for (final OutageLedger.Period when : OutageLedger.Period.values()) {
            final OutageLedger.Tally tally = ledger.tally(when);
            violations += tally.sentAfterStop();
            final String name = switch (when) {
                case BEFORE -> "consent-streams running";
                case DURING -> "consent-streams stopped";
                case AFTER -> "after its restart";
            };
            table.row(name, Report.count(tally.made()), Report.count(tally.decided()), Report.count(tally.sent()),
                    Report.count(tally.sentAfterStop()), Report.count(tally.droppedAfterStop()), Report.count(tally.stale()),
                    tally.untilDecided().count() == 0 ? "" : Report.millis(tally.untilDecided().p50Ms()) + " / "
                            + Report.millis(tally.untilDecided().p99Ms()) + " / " + Report.millis(tally.untilDecided().maxMs()));
        }
        sentAfterStop = OptionalLong.of(violations);
        log("  outage: %d requests SENT after their client's STOP", violations);
        if (!ledger.complete()) {
            throw new IllegalStateException("not every outage request was decided");
        }
    }

    private void sleepChecking(final Duration duration, final Trickle trickle, final RunningApp app) {
        final long until = System.nanoTime() + Math.max(0, duration.toNanos());
        while (System.nanoTime() - until < 0) {
            trickle.rethrowFailure();
            app.rethrowFailure();
            Pause.millis(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    // ---------------------------------------------------------------- the targets

    private void targetsTable() {
        if (throughputs.get(DispatcherApp.NAME) == null && wipedRestore == null && sentAfterStop.isEmpty()) {
            return;
        }
        report.heading("The million-client targets, at this run's size");
        report.text("Issue 14's targets that this run measures (at " + Report.count(settings.clients()) + " clients and "
                + Report.count(settings.requests()) + " requests; the targets are stated for 1,000,000 clients).");
        final Report.Table table = report.table("target", "measured", "met");
        final Throughput dispatcher = throughputs.get(DispatcherApp.NAME);
        if (dispatcher != null) {
            final long heap = dispatcher.heapAfter() - dispatcher.heapBefore();
            table.row("dispatcher heap (app's share after full GC) within 512 MiB", Report.mebibytes(heap)
                    + " (RocksDB native " + (dispatcher.rocksDb().isPresent() ? Report.mebibytes(dispatcher.rocksDb().getAsLong()) : "none") + ")",
                    heap <= 512L * 1024 * 1024 ? "yes" : "no");
        }
        if (wipedRestore != null) {
            table.row("restore after a wipe within 10 s", ms(wipedRestore) + " ms to RUNNING, " + Report.count(wipedRecords) + " records",
                    wipedRestore.compareTo(Duration.ofSeconds(10)) <= 0 ? "yes" : "no");
        }
        if (sentAfterStop.isPresent()) {
            table.row("no request sent on consent older than the bound, consent-streams stopped "
                    + settings.outageDuration().toSeconds() + " s", Report.count(sentAfterStop.getAsLong()) + " SENT after a STOP",
                    sentAfterStop.getAsLong() == 0 ? "yes" : "no");
        }
    }

    // ---------------------------------------------------------------- helpers

    private DispatcherApp dispatcher(final RunSettings run, final Optional<Duration> grace) {
        return BenchApps.dispatcher(run, settings.partitions(), grace);
    }

    /** The copy under the dispatcher's configuration for {@code run}. */
    private PassThrough passThrough(final RunSettings run) {
        return new PassThrough(dispatcher(run, Optional.empty()), COPY_TOPIC);
    }

    private String outputTopic(final OptgateApp app) {
        return app instanceof PassThrough ? COPY_TOPIC : topics.dispatchDecisions().name();
    }

    private RunSettings runSettings(final String app, final OptionalLong commitIntervalMs) {
        return new RunSettings(cluster.bootstrapServers(), "bench-" + app + "-" + runId, stateRoot, "mock://" + REGISTRY_SCOPE,
                settings.streamThreads(), commitIntervalMs, settings.appConfig());
    }

    private void phase(final String name, final Runnable phase) {
        final long started = System.nanoTime();
        try {
            phase.run();
        } catch (final RuntimeException e) {
            report.failed(name, e);
            log("phase %s FAILED: %s", name, e);
        }
        log("phase %s took %d s", name, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private void log(final String format, final Object... args) {
        progress.printf(Locale.ROOT, "[bench %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(Locale.ROOT, format, args));
    }

    private static Duration between(final long fromNanos, final long toNanos) {
        return fromNanos == 0 || toNanos == 0 || toNanos < fromNanos ? Duration.ZERO : Duration.ofNanos(toNanos - fromNanos);
    }

    private static String ms(final Duration duration) {
        return Report.count(duration.toMillis());
    }

    private static String rate(final long records, final Duration duration) {
        return duration.isZero() ? "" : Report.count(Math.round(records / (duration.toNanos() / 1e9)));
    }

    private static String mix(final Map<Category, Integer> categories) {
        final int total = categories.values().stream().mapToInt(Integer::intValue).sum();
        return categories.entrySet().stream()
                .sorted(Map.Entry.<Category, Integer>comparingByValue(Comparator.reverseOrder()))
                .map(entry -> String.format(Locale.ROOT, "%.0f %% %s", 100.0 * entry.getValue() / Math.max(1, total), entry.getKey()))
                .collect(Collectors.joining(", "));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("optgate-bench-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a work directory", e);
        }
    }

    private static void deleteRecursively(final Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
