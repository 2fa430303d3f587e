package io.optgate.dispatcher.sender;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket holding at most one token, so that hand-overs are spread evenly: in any interval
 * of length t at most {@code rate * t + 1} messages leave. A permit may be reserved a little ahead
 * ({@link #reserve}); the token count then goes below zero and refills from there. The rate is this instance's share of
 * {@code TWILIO_MAX_MPS}; a 429 from Twilio pauses it until Retry-After has passed. The clock is
 * passed in, so the rule is testable without waiting. Not thread-safe: owned by the poll thread.
 */
final class Pacer {

    private double ratePerSecond;
    private double tokens;
    private Instant refilledAt;
    private Instant pausedUntil = Instant.EPOCH;

    Pacer(final double ratePerSecond, final Instant now) {
        setRate(ratePerSecond);
        this.tokens = 1;
        this.refilledAt = now;
    }

    /** Changes the rate, e.g. when a rebalance changes this instance's share of the partitions. */
    void setRate(final double newRatePerSecond) {
        if (!(newRatePerSecond >= 0) || Double.isInfinite(newRatePerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, was " + newRatePerSecond);
        }
        this.ratePerSecond = newRatePerSecond;
    }

    double rate() {
        return ratePerSecond;
    }

    /** Takes a permit when one is available now. */
    boolean tryAcquire(final Instant now) {
        return reserve(now, Duration.ZERO).isPresent();
    }

    /**
     * Takes the next permit when it falls within {@code horizon} from now, and says when it is
     * valid: the caller hands over no earlier. Reserving a permit ahead spends the token it would
     * have had then, so the permits taken, whenever they are valid, still keep to
     * {@code rate * t + 1} in any interval of length t; a round of the send loop can thus take
     * several texts at a time (one transaction for all) without sending faster. Nothing is
     * reserved while paused.
     */
    Optional<Instant> reserve(final Instant now, final Duration horizon) {
        refill(now);
        if (now.isBefore(pausedUntil)) {
            return Optional.empty();
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.of(now);
        }
        if (ratePerSecond == 0) {
            return Optional.empty();
        }
        final Duration wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerSecond * 1e9));
        if (wait.compareTo(horizon) > 0) {
            return Optional.empty();
        }
        tokens -= 1;
        return Optional.of(now.plus(wait));
    }

    /** Holds every hand-over until the instant (Twilio's Retry-After is account-wide). */
    void pauseUntil(final Instant until) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /** How long until {@link #tryAcquire} can next succeed; {@code null} means never at rate 0. */
    Duration waitTime(final Instant now) {
        refill(now);
        final Duration untilResumed = now.isBefore(pausedUntil) ? Duration.between(now, pausedUntil) : Duration.ZERO;
        if (tokens >= 1) {
            return untilResumed;
        }
        if (ratePerSecond == 0) {
            return null;
        }
        final long nanos = (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9);
        final Duration untilToken = Duration.ofNanos(nanos);
        return untilToken.compareTo(untilResumed) > 0 ? untilToken : untilResumed;
    }

    private void refill(final Instant now) {
        if (now.isAfter(refilledAt)) {
            final double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
            tokens = Math.min(1, tokens + elapsed * ratePerSecond);
            refilledAt = now;
        }
    }
}
