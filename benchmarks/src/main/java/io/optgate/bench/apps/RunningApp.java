package io.optgate.bench.apps;

import io.optgate.bench.measure.RestoreTimer;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsRunner;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka Streams app under test, run by the platform's {@link StreamsRunner} (as the apps'
 * mains run it) with a {@link RestoreTimer} on its restorations, the time it first became RUNNING,
 * and no thread replacement, so that a crash ends the run instead of being hidden. Closing waits
 * for a clean shutdown, at most 60 s, and leaves the consumer group unless asked not to.
 */
public final class RunningApp implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final StreamsRunner runner;
    private final RestoreTimer restores = new RestoreTimer();
    private final Path stateDir;
    private final CountDownLatch running = new CountDownLatch(1);
    private final long startNanos;
    private volatile long runningNanos;

    private final List<AppComponent> components;

    private RunningApp(final StreamsApp app, final List<AppComponent> components) {
        this.components = List.copyOf(components);
        this.name = app.name();
        final Properties config = app.config();
        this.stateDir = Path.of(config.getProperty(StreamsConfig.STATE_DIR_CONFIG))
                .resolve(config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        this.runner = StreamsRunner.builder(app)
                .closeTimeout(CLOSE_TIMEOUT)
                .restoreListener(restores)
                .threadReplacementBudget(0, StreamsRunner.DEFAULT_REPLACEMENT_WINDOW)
                .stateListener((next, previous) -> {
                    if (next == KafkaStreams.State.RUNNING && running.getCount() > 0) {
                        runningNanos = System.nanoTime();
                        running.countDown();
                    }
                })
                .build();
        this.startNanos = System.nanoTime();
        runner.start();
        this.components.forEach(AppComponent::start);
    }

    /** Starts {@code app} (as {@link BenchApps#streams} builds it); does not wait. */
    public static RunningApp start(final StreamsApp app) {
        return new RunningApp(app, List.of());
    }

    /** Starts {@code app}, then its side components (such as the dispatcher's consent progress probe); does not wait. */
    public static RunningApp start(final StreamsApp app, final List<AppComponent> components) {
        return new RunningApp(app, components);
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
                    throw new IllegalStateException(name + " is not RUNNING after " + timeout + " (state " + runner.state() + ")");
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Throws when a stream thread died (the runner then shuts the app down to ERROR; the cause is logged). */
    public void rethrowFailure() {
        final KafkaStreams.State state = runner.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
            throw new IllegalStateException(name + " failed: its streams went to " + state + " (the cause is in the log)");
        }
    }

    /** The app's name in the report. */
    public String name() {
        return name;
    }

    /** The Kafka Streams instance, for metrics. */
    public KafkaStreams streams() {
        return runner.streams();
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
        components.forEach(AppComponent::close);
        runner.close();
    }

    /**
     * Closes the app staying in the group: the member lingers until its session times out, as
     * after a kill -9.
     */
    public void closeRemainingInGroup() {
        components.forEach(AppComponent::close);
        runner.closeStayingInGroup(CLOSE_TIMEOUT);
    }
}
