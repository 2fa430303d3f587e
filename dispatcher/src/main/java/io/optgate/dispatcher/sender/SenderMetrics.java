package io.optgate.dispatcher.sender;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's meters: {@code optgate.twilio.sender.outcomes} by {@code outcome} (queued, dry_run,
 * rejected, retried, gave_up, expired, cancelled, unconfirmed, unconfirmed_after_restart, already_done,
 * dead_lettered), {@code optgate.twilio.sender.cancelled} by {@code reason} (texts the send-time check
 * stopped, by drop reason), {@code optgate.twilio.sender.unsettled.on.restore} (texts a previous owner handed
 * over without a recorded outcome, found when a partition is taken over: the one window where a text
 * may have been lost), and the gauge {@code optgate.twilio.sender.rate} (this instance's share of
 * TWILIO_MAX_MPS, per second).
 */
final class SenderMetrics {

    private final MeterRegistry registry;
    private final AtomicLong rateMilli = new AtomicLong();

    SenderMetrics(final MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("optgate.twilio.sender.rate", rateMilli, r -> r.get() / 1000.0);
    }

    void outcome(final String outcome) {
        registry.counter("optgate.twilio.sender.outcomes", "outcome", outcome).increment();
    }

    void cancelled(final io.optgate.dispatcher.decision.DropReason reason) {
        outcome("cancelled");
        registry.counter("optgate.twilio.sender.cancelled", "reason", reason.name()).increment();
    }

    void unsettledOnRestore(final long count) {
        registry.counter("optgate.twilio.sender.unsettled.on.restore").increment(count);
    }

    void rate(final double perSecond) {
        rateMilli.set(Math.round(perSecond * 1000));
    }
}
