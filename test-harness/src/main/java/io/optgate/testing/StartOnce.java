package io.optgate.testing;

import java.util.function.Supplier;

/**
 * A cluster kept in a JUnit store: started on first use, closed by JUnit with the store. A start
 * that failed is remembered, so later test classes fail at once instead of waiting out the same
 * start-up timeout again.
 */
final class StartOnce implements AutoCloseable {

    private final String description;
    private final Supplier<? extends KafkaCluster> starter;
    private KafkaCluster cluster;
    private RuntimeException failure;

    StartOnce(final String description, final Supplier<? extends KafkaCluster> starter) {
        this.description = description;
        this.starter = starter;
    }

    synchronized KafkaCluster get() {
        if (cluster != null) {
            return cluster;
        }
        if (failure != null) {
            throw new IllegalStateException(description + " failed to start earlier in this test run", failure);
        }
        try {
            cluster = starter.get();
            return cluster;
        } catch (final RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
