package io.optgate.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite at toy sizes against an in-process broker: every phase runs, nothing fails, and
 * the report has every table. It says nothing about speed (the numbers are meaningless at this
 * size); it keeps the benchmark runnable as the apps change.
 */
class BenchmarkSmokeTest {

    @Test
    void everyPhaseRunsAndTheReportHasEveryTable() {
        final BenchSettings settings = BenchSettings.from(Map.of(), List.of(
                "--broker=in-process",
                "--tenants=5",
                "--clients=200",
                "--requests=500",
                "--partitions=2",
                "--latencyRate=50",
                "--latencyDuration=PT2S",
                "--latencyWarmup=PT0.5S",
                "--latencyRuns=dispatcher:20:0",
                "--consentClients=100",
                "--memberRestart=false",
                "--moreThreads=0",
                "--eosCurve=100",
                "--curveRequests=200",
                "--outageDuration=PT4S",
                "--outageMaxWait=PT2S",
                "--outageClients=10",
                "--outageRate=20",
                "--phaseTimeout=PT60S"));
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final Report report = BenchmarkMain.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

        final String markdown = report.render();
        assertThat(report.failures()).as("failed phases; progress:%n%s", progress.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(markdown)
                .contains("## Throughput", "## Memory", "## End-to-end latency", "## Restore", "## consent-streams")
                .contains("| pass-through | 500 |")
                .contains("| dispatcher | 500 |")
                .contains("dispatcher, commit.interval.ms=20, grace=0 ms")
                .contains("**state wiped**: all stores")
                .contains("## Exactly-once cost over commit.interval.ms", "## Two dispatcher instances",
                        "## consent-streams stopped mid-run", "## The million-client targets, at this run's size")
                .contains("| dispatcher, exactly_once_v2, commit.interval.ms=100 |", "| dispatcher, at_least_once, commit.interval.ms=100 |")
                .contains("| dispatcher, 2 instances |")
                .contains("SENT after a STOP | yes |");
    }
}
