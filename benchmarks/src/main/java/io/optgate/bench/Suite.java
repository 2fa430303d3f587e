package io.optgate.bench;

import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.Registries;
import io.optgate.bench.phases.Phase;
import io.optgate.bench.phases.PhaseContext;
import io.optgate.bench.phases.Phases;
import io.optgate.bench.workload.Loader;
import io.optgate.bench.workload.Workload.Prepared;
import io.optgate.bench.workload.Workload;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Category;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.KafkaClusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The whole benchmark: one broker, one workload, then the {@linkplain Phases#chosen chosen phases}
 * in a fixed order (throughput of the pass-through and the dispatcher, latency runs, dispatcher restore,
 * consent-streams throughput and restore, the exactly-once curve, two dispatcher instances,
 * consent-streams stopped mid-run, then the targets at the run's size). A failing phase is reported and the next one still
 * runs; every wait is bounded by {@link BenchSettings#phaseTimeout()}.
 */
final class Suite {

    private final BenchSettings settings;
    private final Progress progress;
    private final Report report = new Report();
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

    Suite(final BenchSettings settings, final PrintStream progress) {
        this.settings = settings;
        this.progress = new Progress(progress);
    }

    /** Runs every chosen phase and returns the report (failed phases are listed in it). */
    Report run() {
        final String loadAtStart = Machine.loadAverage();
        final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final long started = System.nanoTime();
        final Path workDir = settings.workDir().orElseGet(Directories::temporary);
        final StringBuilder setup = new StringBuilder();
        try {
            progress.log("starting the broker (%s)", settings.broker());
            final KafkaCluster cluster = settings.broker().equals("process") ? KafkaClusters.separateProcesses(1) : KafkaClusters.inProcess(1);
            // Where the apps' own meters go (consent changes); nobody scrapes them.
            final Metrics metrics = Metrics.prometheus();
            try {
                final PhaseContext context = prepare(cluster, workDir.resolve("state"), metrics, setup);
                for (final Phase phase : Phases.chosen(settings)) {
                    run(phase, context);
                }
            } finally {
                cluster.close();
                metrics.close();
            }
        } catch (final RuntimeException e) {
            report.failed("setup", e);
        } finally {
            if (settings.workDir().isEmpty()) {
                Directories.delete(workDir);
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

    /** Provisions the topics and loads the workload that every phase reads; describes it in {@code setup}. */
    private PhaseContext prepare(final KafkaCluster cluster, final Path stateRoot, final Metrics metrics, final StringBuilder setup) {
        final AvroSerdes serdes = new AvroSerdes(settings.registry().client(PhaseContext.REGISTRY_SCOPE));
        final ContractTopics topics = new ContractTopics(TopicNames.defaults(), serdes);
        progress.log("generating %,d clients and %,d requests", settings.clients(), settings.requests());
        final Instant now = Instant.now();
        final Workload workload = Workload.of(topics, settings.tenants(), settings.clients(), now);
        final PhaseContext context = new PhaseContext(settings, cluster, topics, workload, stateRoot, runId, metrics, report, progress);
        try (Admin admin = cluster.createAdmin()) {
            BenchApps.dispatcher(context.runSettings("provisioning", OptionalLong.empty()), settings.partitions(), Optional.empty())
                    .provisionTopics(admin);
        }
        cluster.createTopics(List.of(new NewTopic(PhaseContext.COPY_TOPIC, Optional.of(settings.partitions()), Optional.empty())));
        final List<Prepared> practiceSettings = workload.settings();
        final List<Prepared> states = workload.consentStates();
        final Workload.RequestBatch requests = workload.requests(settings.requests(), now);
        final Duration timeout = settings.phaseTimeout();
        progress.log("loading consent.settings, consent.state and message.requests");
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
        return context;
    }

    private void run(final Phase phase, final PhaseContext context) {
        final long started = System.nanoTime();
        try {
            phase.run(context);
        } catch (final RuntimeException e) {
            report.failed(phase.name(), e);
            progress.log("phase %s FAILED: %s", phase.name(), e);
        }
        progress.log("phase %s took %d s", phase.name(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static String mix(final Map<Category, Integer> categories) {
        final int total = categories.values().stream().mapToInt(Integer::intValue).sum();
        return categories.entrySet().stream()
                .sorted(Map.Entry.<Category, Integer>comparingByValue(Comparator.reverseOrder()))
                .map(entry -> String.format(Locale.ROOT, "%.0f %% %s", 100.0 * entry.getValue() / Math.max(1, total), entry.getKey()))
                .collect(Collectors.joining(", "));
    }
}
