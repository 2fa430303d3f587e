package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Directories;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.apps.RunningApp;
import io.optgate.bench.measure.Cpu;
import io.optgate.bench.measure.GroupLag;
import io.optgate.bench.measure.Memory;
import io.optgate.bench.measure.OutputWatcher;
import io.optgate.bench.measure.RestoreTimer;
import io.optgate.bench.workload.Loader;
import io.optgate.bench.workload.Workload.Prepared;
import io.optgate.bench.workload.Workload;
import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.testing.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static io.optgate.bench.phases.Figures.between;
import static io.optgate.bench.phases.Figures.ms;
import static io.optgate.bench.phases.Figures.rate;

/** consent-streams on its own copy of the contract topics: throughput over pre-loaded events, then a restore after a wipe. */
final class ConsentStreamsPhase {

    /** The prefix of consent-streams' own copy of the contract topics, apart from the dispatcher's workload. */
    private static final String CONSENT_NAMESPACE = "bench-consent.";

    private ConsentStreamsPhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        final KafkaCluster cluster = context.cluster();
        final AvroSerdes serdes = new AvroSerdes(settings.registry().client(PhaseContext.REGISTRY_SCOPE));
        final ContractTopics consentTopics = new ContractTopics(TopicNames.fromEnv(TopicNames.prefixedVariables(CONSENT_NAMESPACE)),
                serdes);
        final RunSettings run = context.runSettings(ConsentStreamsApp.NAME, OptionalLong.empty());
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
        context.log("consent-streams: %,d events", events.size());
        final long heapBefore = Memory.heapUsedAfterFullGc();
        final long cpuBefore = Cpu.ownNanos();
        try (Admin admin = cluster.createAdmin();
             OutputWatcher watcher = OutputWatcher.fromEnd(cluster.clientConfig(), consentTopics.consentState().name())) {
            try (RunningApp app = BenchApps.run(subject, consentTopics, settings.partitions(), context.metrics())) {
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
                context.log("  consent-streams: %,d events in %d ms", events.size(), processing.toMillis());
            }
            final Path stateDir = run.stateRoot().resolve(run.applicationId());
            Directories.delete(stateDir);
            context.log("restore: consent-streams, state wiped");
            try (RunningApp app = BenchApps.run(subject, consentTopics, settings.partitions(), context.metrics())) {
                app.awaitRunning(settings.phaseTimeout());
                final RestoreTimer restores = app.restores();
                final long records = restores.totalRecords();
                table.row("restore after wipe: all stores", Report.count(records) + " records in " + ms(restores.wallTime()) + " ms ("
                        + rate(records, restores.wallTime()) + " records/s); start → RUNNING "
                        + ms(between(app.startNanos(), app.runningNanos())) + " ms");
                for (final RestoreTimer.StoreRestore store : restores.restores()) {
                    table.row("  " + store.store(), Report.count(store.records()) + " records in " + ms(store.duration()) + " ms");
                }
            }
        }
    }
}
