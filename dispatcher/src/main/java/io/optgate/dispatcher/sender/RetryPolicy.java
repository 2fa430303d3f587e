package io.optgate.dispatcher.sender;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a hand-over again after Twilio said "not now" (429, 5xx) or could not be reached:
 * exponential backoff with equal jitter ({@code base * 2^(n-1)}, capped, of which a random half is
 * waited on top of the other half), never sooner than Twilio's Retry-After up to
 * {@code maxRetryAfter}, and at most {@code maxAttempts} attempts in all. Defaults: 5 attempts, 1 s
 * base, 60 s cap, Retry-After honoured up to 60 s ({@code TWILIO_MAX_RETRY_AFTER}): a provider
 * asking for an hour would otherwise hold texts, and a practice, for an hour.
 *
 * @param maxAttempts   attempts in all, the first included (at least 1)
 * @param base          the delay before the second attempt, before jitter
 * @param cap           the longest backoff before jitter
 * @param maxRetryAfter the longest Retry-After honoured; a longer one counts as this long
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, Duration maxRetryAfter) {

    /** Default of {@link #maxRetryAfter()} ({@code TWILIO_MAX_RETRY_AFTER}): 60 s. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** 5 attempts, 1 s base, 60 s cap, Retry-After up to 60 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** A policy honouring Retry-After up to {@link #DEFAULT_MAX_RETRY_AFTER}. */
    public RetryPolicy(final int maxAttempts, final Duration base, final Duration cap) {
        this(maxAttempts, base, cap, DEFAULT_MAX_RETRY_AFTER);
    }

    /** Fails fast on nonsense values. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, was base " + base + ", cap " + cap);
        }
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetryAfter.isNegative() || maxRetryAfter.isZero()) {
            throw new IllegalArgumentException("maxRetryAfter must be positive, was " + maxRetryAfter);
        }
    }

    /** Twilio's Retry-After as it is honoured: at most {@link #maxRetryAfter()}. */
    public Optional<Duration> honoured(final Optional<Duration> retryAfter) {
        return retryAfter.map(after -> after.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : after);
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}, or empty when the attempts are used up.
     *
     * @param failedAttempt the attempt that just failed, 1 for the first
     * @param retryAfter    Twilio's Retry-After, if it sent one
     * @param random        the jitter source
     */
    public Optional<Duration> delayAfter(final int failedAttempt, final Optional<Duration> retryAfter,
                                         final RandomGenerator random) {
        if (failedAttempt >= maxAttempts) {
            return Optional.empty();
        }
        final int doublings = Math.min(failedAttempt - 1, 30);
        final long exponential = Math.min(cap.toMillis(), base.toMillis() << doublings);
        final long half = exponential / 2;
        final long jittered = exponential - half + (half == 0 ? 0 : random.nextLong(half + 1));
        final Duration backoff = Duration.ofMillis(jittered);
        return Optional.of(honoured(retryAfter).filter(after -> after.compareTo(backoff) > 0).orElse(backoff));
    }
}
