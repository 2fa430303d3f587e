package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.bench.apps.BenchApps;
import io.optgate.bench.apps.RunSettings;
import io.optgate.bench.apps.RunningApp;
import io.optgate.bench.measure.GroupLag;
import io.optgate.bench.measure.OutageLedger;
import io.optgate.bench.measure.OutputWatcher;
import io.optgate.bench.measure.Pause;
import io.optgate.bench.measure.Trickle;
import io.optgate.bench.workload.Loader;
import io.optgate.bench.workload.Workload.Prepared;
import io.optgate.bench.workload.Workload;
import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.Verdict;
import io.optgate.testing.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * consent-streams stopped mid-run with the dispatcher watching it: no request may be SENT after
 * its client's STOP, whatever the dispatcher could not know while consent-streams was down.
 */
final class ConsentOutagePhase {

    private ConsentOutagePhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        final ContractTopics topics = context.topics();
        final KafkaCluster cluster = context.cluster();
        final Workload workload = context.workload();
        final int clients = settings.outageClients();
        final Duration outage = settings.outageDuration();
        final Duration lead = Duration.ofMillis(Math.max(2_000, outage.toMillis() / 4));
        final String consentId = "bench-consent-outage-" + context.runId();
        final RunSettings consentRun = context.runSettings("consent-outage", OptionalLong.empty()).withApplication(consentId, settings.streamThreads());
        final ConsentStreamsApp consent = BenchApps.consentStreams(consentRun, settings.partitions());
        final RunSettings dispatcherRun = context.runSettings("dispatcher-outage", OptionalLong.empty());
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
        TailOffsets.seed(context, dispatcherRun.applicationId(), 0);
        final String prefix = "outage-" + context.runId() + "-";
        final Deserializer<DispatchDecision> decisionReader = topics.dispatchDecisions().valueSerde().deserializer();
        final String decisionsTopic = topics.dispatchDecisions().name();
        final Serializer<MessageRequest> requestSerializer = topics.messageRequests().valueSerde().serializer();
        final String requestTopic = topics.names().messageRequests();
        final AtomicReference<OutageLedger.Period> period = new AtomicReference<>(OutageLedger.Period.BEFORE);
        RunningApp consentApp = BenchApps.run(consent, topics, settings.partitions(), context.metrics());
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
             RunningApp dispatcherApp = BenchApps.run(dispatcher, topics, settings.partitions(), context.metrics())) {
            consentApp.awaitRunning(timeout);
            context.log("outage: consent-streams applying the set-up of %,d clients", clients);
            if (!GroupLag.awaitCaughtUp(admin, consentId, consentInputs, timeout, consentApp::rethrowFailure)) {
                throw new IllegalStateException("consent-streams did not catch up in " + timeout);
            }
            dispatcherApp.awaitRunning(timeout);
            context.log("outage: dispatcher reading consent.state");
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
                context.log("outage: stopping consent-streams for %d s", outage.toSeconds());
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
                context.log("outage: restarting consent-streams");
                consentApp = BenchApps.run(consent, topics, settings.partitions(), context.metrics());
                period.set(OutageLedger.Period.AFTER);
                sleepChecking(lead, trickle, dispatcherApp);
            }
            context.log("outage: %,d requests made in %d s; waiting for their decisions", ledger.requestCount(),
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
        final int violations = tally(report, ledger);
        context.findings().sentAfterStop = OptionalLong.of(violations);
        context.log("  outage: %d requests SENT after their client's STOP", violations);
        if (!ledger.complete()) {
            throw new IllegalStateException("not every outage request was decided");
        }
    }

    /** One row per period of the run; returns the requests SENT after their client's STOP, all periods together. */
    private static int tally(final Report report, final OutageLedger ledger) {
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
        return violations;
    }

    /** Sleeps {@code duration}, failing as soon as the trickle or the app does rather than at the end. */
    private static void sleepChecking(final Duration duration, final Trickle trickle, final RunningApp app) {
        final long until = System.nanoTime() + Math.max(0, duration.toNanos());
        while (System.nanoTime() - until < 0) {
            trickle.rethrowFailure();
            app.rethrowFailure();
            Pause.millis(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }
}
