package io.optgate.dispatcher.sender;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SMS sender runs (its topics are {@link SenderTopics}). Built by the Twilio component from
 * the environment; tests build it directly.
 *
 * @param groupId             the consumer group of every sender instance
 * @param transactionalId     this instance's transactional.id; unique per running instance
 * @param maxMps              messages per second to the provider across all instances
 *                            ({@code TWILIO_MAX_MPS}); each instance takes the share of its partitions
 * @param maxConcurrency      hand-overs in flight at once in this instance
 * @param retryPolicy         backoff and attempts for 429, 5xx and connection failures
 * @param maxQueued           texts read and waiting before reading pauses
 * @param drainTimeout        how long a rebalance or a shutdown waits for hand-overs in flight
 * @param appName             written to dead letters' {@code optgate.dlq.app}
 */
public record SenderSettings(String groupId, String transactionalId, double maxMps,
                             int maxConcurrency, RetryPolicy retryPolicy, int maxQueued, Duration drainTimeout,
                             String appName) {

    /** Default of {@link #maxMps()} ({@code TWILIO_MAX_MPS}): 10 messages per second. */
    public static final double DEFAULT_MAX_MPS = 10;
    /** Default of {@link #maxConcurrency()} ({@code TWILIO_MAX_CONCURRENCY}): 4. */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;
    /** Default of {@link #maxQueued()}: 1000. */
    public static final int DEFAULT_MAX_QUEUED = 1000;
    /** Default of {@link #drainTimeout()}: 35 s, longer than Twilio's 30 s answer timeout. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(35);
    /** Default consumer group. */
    public static final String DEFAULT_GROUP_ID = "optgate-twilio-sender";

    /** Fails fast on nonsense. */
    public SenderSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(appName, "appName");
        if (!(maxMps > 0) || Double.isInfinite(maxMps)) {
            throw new IllegalArgumentException("maxMps must be a positive number, was " + maxMps);
        }
        if (maxConcurrency < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("maxConcurrency and maxQueued must be at least 1");
        }
    }
}
