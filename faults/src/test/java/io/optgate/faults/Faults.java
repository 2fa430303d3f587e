package io.optgate.faults;

import io.optgate.testing.Deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The faults of a run, each when the traffic has reached its share of the requests: kill -9 of one
 * dispatcher, later one consent-streams, later one broker, later the Twilio stand-in refusing
 * connections; each brought back after its downtime, before the next.
 */
final class Faults implements Runnable {

    private static final Duration APP_HEALTHY_TIMEOUT = Duration.ofSeconds(180);

    private final FaultCluster cluster;
    private final FaultRunSize size;
    private final IntSupplier progress;
    private final List<FaultEvent> events = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    Faults(final FaultCluster cluster, final FaultRunSize size, final IntSupplier progress) {
        this.cluster = cluster;
        this.size = size;
        this.progress = progress;
    }

    @Override
    public void run() {
        try {
            awaitShare(0.15);
            killAndRestart(cluster.dispatchers().get(0));
            awaitShare(0.35);
            killAndRestart(cluster.consentStreams().get(0));
            awaitShare(0.55);
            killAndRestartBroker(2);
            awaitShare(0.75);
            twilioOutage();
        } catch (final RuntimeException e) {
            failure.set(e);
        }
    }

    private void awaitShare(final double share) {
        final int target = (int) (share * size.requests());
        final Deadline deadline = Deadline.after(size.trafficDuration().plus(Duration.ofMinutes(5)));
        while (progress.getAsInt() < target) {
            if (deadline.expired()) {
                throw new IllegalStateException("the traffic did not reach " + target + " requests in " + deadline.timeout());
            }
            deadline.pause();
        }
    }

    private void killAndRestart(final AppProcess app) {
        final Instant at = Instant.now();
        app.kill();
        sleep(size.downtime());
        final Instant restoredAt = Instant.now();
        app.start();
        app.awaitHealthy(APP_HEALTHY_TIMEOUT);
        record(new FaultEvent("kill -9 " + app.name(), at, restoredAt, Instant.now()));
    }

    private void killAndRestartBroker(final int nodeId) {
        final Instant at = Instant.now();
        cluster.kafka().killBroker(nodeId);
        sleep(size.downtime());
        final Instant restoredAt = Instant.now();
        cluster.kafka().restartBroker(nodeId);
        record(new FaultEvent("kill -9 broker " + nodeId, at, restoredAt, Instant.now()));
    }

    private void twilioOutage() {
        final Instant at = Instant.now();
        cluster.twilio().refuseConnections();
        sleep(size.twilioOutage());
        final Instant restoredAt = Instant.now();
        cluster.twilio().acceptConnections();
        record(new FaultEvent("Twilio stand-in refuses connections", at, restoredAt, Instant.now()));
    }

    private synchronized void record(final FaultEvent event) {
        events.add(event);
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a fault", e);
        }
    }

    synchronized List<FaultEvent> events() {
        return List.copyOf(events);
    }

    /** Throws what went wrong while injecting the faults, if anything did. */
    void rethrowFailure() {
        final RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
