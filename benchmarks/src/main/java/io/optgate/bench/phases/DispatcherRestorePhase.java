package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Directories;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.apps.RunningApp;
import io.optgate.bench.measure.Memory;
import io.optgate.bench.measure.OutputWatcher;
import io.optgate.bench.measure.Pause;
import io.optgate.bench.measure.RestoreTimer;
import io.optgate.bench.workload.Loader;
import io.optgate.bench.workload.Workload.Prepared;
import io.optgate.bench.workload.Workload;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static io.optgate.bench.phases.Figures.between;
import static io.optgate.bench.phases.Figures.ms;
import static io.optgate.bench.phases.Figures.rate;

/** The dispatcher restarted with its state wiped, then kept: how long until it is RUNNING and serving. */
final class DispatcherRestorePhase {

    private DispatcherRestorePhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        final RunSettings run = context.runSettings(DispatcherApp.NAME, OptionalLong.empty());
        final DispatcherApp dispatcher = context.dispatcher(run, Optional.empty());
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
        restore(context, dispatcher, run, table, "state wiped", true, false);
        restore(context, dispatcher, run, table, "state kept", false, settings.memberRestart());
        if (settings.memberRestart()) {
            restore(context, dispatcher, run, table, "state kept, previous member still in the group", false, false);
        }
    }

    private static void restore(final PhaseContext context, final DispatcherApp dispatcher, final RunSettings run,
                                final Report.Table table, final String label, final boolean wipe, final boolean stayInGroup) {
        final BenchSettings settings = context.settings();
        final ContractTopics topics = context.topics();
        final KafkaCluster cluster = context.cluster();
        final Workload workload = context.workload();
        final Path stateDir = run.stateRoot().resolve(run.applicationId());
        final long onDisk = Memory.directorySize(stateDir);
        if (wipe) {
            Directories.delete(stateDir);
        }
        context.log("restore: dispatcher, %s", label);
        final String requestTopic = topics.names().messageRequests();
        final Deserializer<DispatchDecision> decisionReader = topics.dispatchDecisions().valueSerde().deserializer();
        final String probeId = "probe-" + context.runId() + "-" + label.replaceAll("[^a-z]+", "-");
        final AtomicLong seenAt = new AtomicLong();
        final String outputTopic = topics.dispatchDecisions().name();
        try (OutputWatcher watcher = OutputWatcher.fromEnd(cluster.clientConfig(), outputTopic, (record, seen) -> {
            if (record.value() != null && probeId.equals(decisionReader.deserialize(outputTopic, record.value()).getRequestId())) {
                seenAt.compareAndSet(0, seen);
            }
        })) {
            try (RunningApp app = BenchApps.run(dispatcher, topics, settings.partitions(), context.metrics())) {
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
                final long records = restores.totalRecords();
                final Duration wall = restores.wallTime();
                table.row("**" + label + "**: all stores", Report.count(records), ms(wall), rate(records, wall), Report.mebibytes(onDisk));
                for (final RestoreTimer.StoreRestore store : restores.restores()) {
                    if (store.records() > 0) {
                        table.row("  " + store.store(), Report.count(store.records()), ms(store.duration()),
                                rate(store.records(), store.duration()));
                    }
                }
                table.row(label + ": start → RUNNING", "", ms(between(app.startNanos(), app.runningNanos())));
                if (wipe) {
                    context.findings().wipedRestore = Optional.of(
                            new Findings.WipedRestore(between(app.startNanos(), app.runningNanos()), records));
                }
                table.row(label + ": start → serving", "", seenAt.get() == 0
                        ? "not serving after " + settings.phaseTimeout().toSeconds() + " s" : ms(between(app.startNanos(), seenAt.get())));
                context.log("  restored %,d records in %d ms; serving after %d ms", records, wall.toMillis(),
                        between(app.startNanos(), seenAt.get()).toMillis());
                if (stayInGroup) {
                    app.closeRemainingInGroup();
                }
            }
        } catch (final RuntimeException e) {
            context.report().failed("restore of the dispatcher (" + label + ")", e);
        }
    }
}
