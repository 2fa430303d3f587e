package io.optgate.faults;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.schema.ConsentNote;
import io.optgate.testing.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite (docs/RELIABILITY.md): three broker processes, two consent-streams and two
 * dispatcher processes from their runnable jars, the Twilio stand-in, steady seeded traffic; kill -9
 * of a dispatcher, then a consent-streams, then a broker, then Twilio refusing connections, each
 * brought back; then the topics are read with read_committed consumers and every promise counted.
 * The small size runs in {@code ./mvnw -B verify}; {@code -Doptgate.faults.size=full} is the
 * 200,000-request run.
 */
class KillUnderLoadIT {

    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS)
    void everyPromiseHoldsThroughKillsOfEveryKind() throws Exception {
        final FaultRunSize size = FaultRunSize.fromSystemProperties();
        final Path output = Path.of(System.getProperty("optgate.faults.output", "target/faults"));
        final Instant started = Instant.now();
        try (FaultCluster cluster = FaultCluster.start(output.resolve("processes"))) {
            final AvroSerdes serdes = AvroSerdes.forUrl(cluster.registry().url());
            final Population population = Population.of(size.clients(), new Random(size.seed()), started);
            final ConsentTimeline timeline = new ConsentTimeline();
            try (Traffic traffic = new Traffic(cluster.kafka().bootstrapServers(), cluster.clientSecurity(), serdes,
                    population, timeline, size)) {
                traffic.writeSetup();
                awaitNoted(cluster, serdes, traffic.consentEventIds());

                final Faults faults = new Faults(cluster, size, traffic::progress);
                final Thread faultThread = new Thread(faults, "faults");
                final Instant trafficStart = Instant.now();
                faultThread.start();
                traffic.run();
                final Duration trafficTime = Duration.between(trafficStart, Instant.now());
                faultThread.join(Duration.ofMinutes(10).toMillis());
                assertThat(faultThread.isAlive()).as("the faults finished").isFalse();
                faults.rethrowFailure();

                final Instant drainStart = Instant.now();
                RunOutput out = drain(cluster, serdes, traffic, size);
                final Duration drainTime = Duration.between(drainStart, Instant.now());
                final FaultChecks checks = new FaultChecks(traffic.written(), timeline, out, traffic.consentEventIds(), faults.events(), traffic.copies());
                final ConsentReplayCheck replay = ConsentReplayCheck.run(cluster, serdes, out, output.resolve("replay-state"));
                checks.add(replay.figures(), replay.violations(), replay.limits());
                final String report = FaultReport.markdown(size, checks, faults.events(), trafficTime, drainTime,
                        Duration.between(started, Instant.now()));
                FaultReport.write(output.resolve("report-" + size.requests() + ".md"), report);
                final Map<String, List<String>> cases = new TreeMap<>(checks.violations());
                cases.putAll(checks.limits());
                FaultReport.write(output.resolve("cases-" + size.requests() + ".txt"), cases.entrySet().stream()
                        .map(entry -> entry.getKey() + "\n  " + String.join("\n  ", entry.getValue()))
                        .collect(Collectors.joining("\n", "", "\n")));
                System.out.println(report);

                assertThat(faults.events()).hasSize(7);
                assertThat(cluster.apps()).allMatch(AppProcess::alive, "every app process still runs");
                assertThat(checks.violations()).as(checks.summary()).isEmpty();
            }
        }
    }

    /**
     * Waits (at most two minutes) until consent-streams has noted every staff change of the setup
     * (a STOP is noted per client holding the number, not per event), so that the
     * first requests meet the consent they are judged on; goes on regardless, saying what is missing.
     */
    static void awaitNoted(final FaultCluster cluster, final AvroSerdes serdes, final List<String> eventIds) {
        final Deadline deadline = Deadline.after(Duration.ofMinutes(2));
        Set<String> missing = new HashSet<>(eventIds);
        while (!missing.isEmpty() && !deadline.expired()) {
            CommittedRecords.read(cluster.kafka().bootstrapServers(), cluster.clientSecurity(), "consent.notes",
                            serdes.value(ConsentNote.class).deserializer())
                    .forEach(record -> eventIdOf(record.value()).ifPresent(missing::remove));
            if (!missing.isEmpty()) {
                sleep(Duration.ofSeconds(2));
            }
        }
        System.out.println("setup noted: " + (eventIds.size() - missing.size()) + " of " + eventIds.size() + " changes");
        sleep(ConsentTimeline.SETTLE);
    }

    private static Optional<String> eventIdOf(final ConsentNote note) {
        return Optional.ofNullable(note.getEventId());
    }

    /** Reads the output until every request is decided and every SEND has an outcome, or the time is up. */
    static RunOutput drain(final FaultCluster cluster, final AvroSerdes serdes, final Traffic traffic,
                                   final FaultRunSize size) {
        final Deadline deadline = Deadline.after(Duration.ofMinutes(3).plus(size.trafficDuration().dividedBy(2)));
        RunOutput out = RunOutput.read(cluster, serdes);
        while (FaultChecks.outstanding(traffic.written(), out) > 0 && !deadline.expired()) {
            sleep(Duration.ofSeconds(5));
            out = RunOutput.read(cluster, serdes);
        }
        return out;
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
