package io.optgate.bench.apps;

import io.optgate.bench.measure.RestoreTimer;
import io.optgate.platform.runner.StreamsApp;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Kafka Streams app under test, started with a {@link RestoreTimer} and a handler that
 * records (instead of hides) a crash. Closing waits for a clean shutdown, at most 60 s, and leaves
 * the consumer group unless asked not to.
 */
public final class RunningApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final KafkaStreams streams;
    private final RestoreTimer restores = new RestoreTimer();
    private final Path stateDir;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long startNanos;
    private volatile long runningNanos;
    private boolean closed;

    private RunningApp(final String name, final Topology topology, final Properties config) {
        this.name = name;
        this.stateDir = Path.of(config.getProperty(StreamsConfig.STATE_DIR_CONFIG))
                .resolve(config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        this.streams = new KafkaStreams(topology, config);
        streams.setGlobalStateRestoreListener(restores);
        streams.setUncaughtExceptionHandler(error -> {
            failure.compareAndSet(null, error);
            LOG.error("{} failed", name, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING && running.getCount() > 0) {
                runningNanos = System.nanoTime();
                running.countDown();
            }
            if (next == KafkaStreams.State.ERROR) {
                failure.compareAndSet(null, new IllegalStateException(name + " went to ERROR"));
            }
        });
        this.startNanos = System.nanoTime();
        streams.start();
    }

    /** Starts {@code app} (as {@link BenchApps#streams} builds it); does not wait. */
    public static RunningApp start(final StreamsApp app) {
        return new RunningApp(app.name(), app.topology(), app.config());
    }

    /**
     * Waits until the app is RUNNING (its tasks restored and processing), at most {@code timeout}.
     *
     * @throws IllegalStateException when it failed or did not get there in time
     */
    public void awaitRunning(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!running.await(100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(name + " is not RUNNING after " + timeout + " (state " + streams.state() + ")");
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Throws when a stream thread died or the app went to ERROR. */
    public void rethrowFailure() {
        final Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException(name + " failed: " + error, error);
        }
    }

    /** The app's name in the report. */
    public String name() {
        return name;
    }

    /** The Kafka Streams instance, for metrics. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The restores seen since start. */
    public RestoreTimer restores() {
        return restores;
    }

    /** {@code <state.dir>/<application.id>}. */
    public Path stateDir() {
        return stateDir;
    }

    /** {@link System#nanoTime()} just before {@code start()}. */
    public long startNanos() {
        return startNanos;
    }

    /** {@link System#nanoTime()} when the app first became RUNNING; 0 before. */
    public long runningNanos() {
        return runningNanos;
    }

    /**
     * Closes the app and leaves the consumer group, so that the next start (a new member) is
     * assigned its partitions at once instead of after the old member's session timeout.
     */
    @Override
    public void close() {
        close(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    /**
     * Closes the app the way {@code KafkaStreams#close(Duration)} does, staying in the group: the
     * member lingers until its session times out, as after a kill -9.
     */
    public void closeRemainingInGroup() {
        close(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    private void close(final CloseOptions.GroupMembershipOperation membership) {
        if (closed) {
            return;
        }
        closed = true;
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(membership))) {
            LOG.warn("{} did not shut down within {}", name, CLOSE_TIMEOUT);
        }
    }
}
