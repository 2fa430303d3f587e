package io.optgate.consent.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the consent topology.
 *
 * @param dedupRetention      how long a processed event id is remembered, so the same id again is
 *                            ignored; default {@link #DEFAULT_DEDUP_RETENTION} (7 days)
 * @param punctuationInterval how often (wall clock) lapses, expiries and old event ids are looked for;
 *                            default {@link #DEFAULT_PUNCTUATION_INTERVAL} (10 seconds)
 * @param maxDuePerPunctuation at most this many due items are handled per punctuation, so a backlog
 *                            does not stall the task; default 10,000
 */
public record ConsentTopologyOptions(Duration dedupRetention, Duration punctuationInterval, int maxDuePerPunctuation) {

    /** Default {@link #dedupRetention()}: 7 days. */
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(7);
    /** Default {@link #punctuationInterval()}: 10 seconds. */
    public static final Duration DEFAULT_PUNCTUATION_INTERVAL = Duration.ofSeconds(10);
    /** Default {@link #maxDuePerPunctuation()}. */
    public static final int DEFAULT_MAX_DUE_PER_PUNCTUATION = 10_000;

    public ConsentTopologyOptions {
        Objects.requireNonNull(dedupRetention, "dedupRetention");
        Objects.requireNonNull(punctuationInterval, "punctuationInterval");
        if (dedupRetention.isNegative() || dedupRetention.isZero()) {
            throw new IllegalArgumentException("dedup retention must be positive, was " + dedupRetention);
        }
        if (punctuationInterval.toMillis() < 1) {
            throw new IllegalArgumentException("punctuation interval must be at least 1 ms, was " + punctuationInterval);
        }
        if (maxDuePerPunctuation < 1) {
            throw new IllegalArgumentException("maxDuePerPunctuation must be positive, was " + maxDuePerPunctuation);
        }
    }

    /** Every option at its default. */
    public static ConsentTopologyOptions defaults() {
        return new ConsentTopologyOptions(DEFAULT_DEDUP_RETENTION, DEFAULT_PUNCTUATION_INTERVAL, DEFAULT_MAX_DUE_PER_PUNCTUATION);
    }
}
