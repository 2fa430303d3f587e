package io.optgate.faults;

import io.optgate.testing.Deadline;
import io.optgate.testing.twilio.TwilioMessagesStandIn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The faults of a run, each when the traffic has reached its share of the requests: kill -9 of one
 * dispatcher, later one consent-streams, later one broker, later the Twilio stand-in refusing
 * connections; each brought back after its downtime, before the next. Then the stand-in answers
 * 429 for a few seconds, later 500, later slowly.
 */
final class Faults implements Runnable {

    private static final Duration APP_HEALTHY_TIMEOUT = Duration.ofSeconds(180);
    /** How long the stand-in answers 429, 500 or slowly: shorter than the sender's five attempts take. */
    private static final Duration TWILIO_MISBEHAVES = Duration.ofSeconds(5);

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
            awaitShare(0.84);
            twilioAnswers("Twilio stand-in answers 429 Retry-After 1", TwilioMessagesStandIn.Answer.TOO_MANY_REQUESTS, Duration.ZERO);
            awaitShare(0.89);
            twilioAnswers("Twilio stand-in answers 500", TwilioMessagesStandIn.Answer.SERVER_ERROR, Duration.ZERO);
            awaitShare(0.94);
            twilioAnswers("Twilio stand-in answers after 2 s", TwilioMessagesStandIn.Answer.CREATED, Duration.ofSeconds(2));
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

    /** The stand-in answers this way for a few seconds, then normally again. */
    private void twilioAnswers(final String what, final TwilioMessagesStandIn.Answer answer, final Duration delay) {
        final Instant at = Instant.now();
        cluster.twilio().answerWith(answer);
        cluster.twilio().answerAfter(delay);
        sleep(TWILIO_MISBEHAVES);
        final Instant restoredAt = Instant.now();
        cluster.twilio().answerWith(TwilioMessagesStandIn.Answer.CREATED);
        cluster.twilio().answerAfter(Duration.ZERO);
        record(new FaultEvent(what, at, restoredAt, restoredAt));
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
