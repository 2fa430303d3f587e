package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.Report;
import io.optgate.dispatcher.app.DispatcherApp;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import static io.optgate.bench.phases.Figures.ms;

/** Issue 14's targets that the phases before measured, at this run's size; nothing when none was measured. */
final class TargetsPhase {

    private TargetsPhase() {
    }

    static void run(final PhaseContext context) {
        final BenchSettings settings = context.settings();
        final Report report = context.report();
        final Throughput dispatcher = context.findings().throughputs.get(DispatcherApp.NAME);
        final Optional<Findings.WipedRestore> wipedRestore = context.findings().wipedRestore;
        final OptionalLong sentAfterStop = context.findings().sentAfterStop;
        if (dispatcher == null && wipedRestore.isEmpty() && sentAfterStop.isEmpty()) {
            return;
        }
        report.heading("The million-client targets, at this run's size");
        report.text("Issue 14's targets that this run measures (at " + Report.count(settings.clients()) + " clients and "
                + Report.count(settings.requests()) + " requests; the targets are stated for 1,000,000 clients).");
        final Report.Table table = report.table("target", "measured", "met");
        if (dispatcher != null) {
            final long heap = dispatcher.heapAfter() - dispatcher.heapBefore();
            table.row("dispatcher heap (app's share after full GC) within 512 MiB", Report.mebibytes(heap)
                    + " (RocksDB native " + (dispatcher.rocksDb().isPresent() ? Report.mebibytes(dispatcher.rocksDb().getAsLong()) : "none")
                    + ")",
                    heap <= 512L * 1024 * 1024 ? "yes" : "no");
        }
        wipedRestore.ifPresent(restore -> table.row("restore after a wipe within 10 s",
                ms(restore.toRunning()) + " ms to RUNNING, " + Report.count(restore.records()) + " records",
                restore.toRunning().compareTo(Duration.ofSeconds(10)) <= 0 ? "yes" : "no"));
        if (sentAfterStop.isPresent()) {
            table.row("no request sent on consent older than the bound, consent-streams stopped "
                    + settings.outageDuration().toSeconds() + " s", Report.count(sentAfterStop.getAsLong()) + " SENT after a STOP",
                    sentAfterStop.getAsLong() == 0 ? "yes" : "no");
        }
    }
}
