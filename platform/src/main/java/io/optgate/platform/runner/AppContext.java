package io.optgate.platform.runner;

import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.topics.ContractTopics;

import java.time.Clock;
import java.util.Objects;

/**
 * What {@link AppRunner} hands an app to build its topology and its parts.
 *
 * @param topics     every contract topic with its serdes (one registry client for the app)
 * @param partitions the partition count of the client-placed topics, as provisioned
 * @param metrics    the process's metrics
 * @param clock      the clock the app's parts use
 */
public record AppContext(ContractTopics topics, int partitions, Metrics metrics, Clock clock) {

    public AppContext {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
    }
}
