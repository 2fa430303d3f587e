package io.optgate.platform.runner;

import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.metrics.Metrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs one {@link StreamsApp}: builds its {@link KafkaStreams}, logs one line per state change and
 * per store restoration ({@link StoreRestoreLog}),
 * handles dying stream threads ({@link StreamsFailureHandler}), binds its metrics, reports health
 * (up only while RUNNING) and closes it within a timeout.
 *
 * <pre>{@code
 * StreamsRunner runner = StreamsRunner.builder(app).metrics(metrics).build().start();
 * runner.closeOnJvmShutdown();            // or close it yourself, after the HTTP server
 * KafkaStreams.State end = runner.awaitTermination();   // main: exit non-zero on ERROR
 * }</pre>
 */
public final class StreamsRunner implements HealthCheck, AutoCloseable {

    /** Default of {@link Builder#closeTimeout(Duration)}. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of stream-thread replacements allowed within {@link #DEFAULT_REPLACEMENT_WINDOW}. */
    public static final int DEFAULT_MAX_REPLACEMENTS = 10;
    /** Default window of the thread-replacement budget. */
    public static final Duration DEFAULT_REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final StreamsApp app;
    private final KafkaStreams streams;
    private final Duration closeTimeout;
    private final Metrics metrics;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final KafkaStreams.StateListener extraStateListener;
    private AutoCloseable metricsBinding;
    private boolean started;
    private boolean closed;

    private StreamsRunner(final Builder builder) {
        this.app = builder.app;
        this.closeTimeout = builder.closeTimeout;
        this.metrics = builder.metrics;
        this.streams = new KafkaStreams(app.topology(), app.config());
        this.extraStateListener = builder.stateListener;
        streams.setStateListener(this::onStateChange);
        streams.setGlobalStateRestoreListener(new StoreRestoreLog(app.name(), metrics == null ? null : metrics.registry(),
                builder.restoreListener));
        streams.setUncaughtExceptionHandler(new StreamsFailureHandler(app.name(), builder.extraRetriable,
                builder.maxReplacements, builder.replacementWindow, Clock.systemUTC()));
    }

    /** A builder for running {@code app}. */
    public static Builder builder(final StreamsApp app) {
        return new Builder(app);
    }

    /**
     * Starts processing (returns at once; watch {@link #state()} or {@code /health}).
     *
     * @throws IllegalStateException when started before or already closed
     */
    public synchronized StreamsRunner start() {
        if (started || closed) {
            throw new IllegalStateException(app.name() + " can be started once");
        }
        started = true;
        final Properties config = app.config();
        LOG.info("{}: starting (application.id={}, bootstrap.servers={}, application.server={})", app.name(),
                app.applicationId(), config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
                applicationServer().map(HostInfo::toString).orElse("unset"));
        if (metrics != null) {
            metricsBinding = metrics.bind(streams, app.name());
        }
        streams.start();
        return this;
    }

    /** The Kafka Streams instance, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The app being run. */
    public StreamsApp app() {
        return app;
    }

    /** The latest state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Whether the app is RUNNING (not rebalancing, not stopped). */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** The {@code application.server} of this instance, when configured (needed to serve keys across instances). */
    public Optional<HostInfo> applicationServer() {
        final Object endpoint = app.config().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return endpoint == null || endpoint.toString().isBlank()
                ? Optional.empty()
                : Optional.of(HostInfo.buildFromEndpoint(endpoint.toString()));
    }

    @Override
    public String name() {
        return app.name();
    }

    /** Up while RUNNING; the detail is the Kafka Streams state. */
    @Override
    public Status status() {
        final KafkaStreams.State current = streams.state();
        return new Status(current == KafkaStreams.State.RUNNING, current.name());
    }

    /**
     * Blocks until the app has stopped: NOT_RUNNING after a close, ERROR after a fatal failure.
     *
     * @return the final state
     */
    public KafkaStreams.State awaitTermination() throws InterruptedException {
        terminated.await();
        return streams.state();
    }

    /** As {@link #awaitTermination()}, for at most {@code timeout}; empty when still running. */
    public Optional<KafkaStreams.State> awaitTermination(final Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(streams.state()) : Optional.empty();
    }

    /** Closes the app when the JVM shuts down (SIGTERM), within the close timeout. */
    public StreamsRunner closeOnJvmShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, app.name() + "-shutdown"));
        return this;
    }

    /**
     * Closes the app, waiting at most {@code timeout} for it to finish its work and leave its group.
     * Idempotent.
     *
     * @return whether it closed within the timeout
     */
    public boolean close(final Duration timeout) {
        // Leaving the group hands this instance's partitions to the others at once, instead of after
        // the session timeout (10 s, see StreamsConfigs) that a silent departure costs them.
        return close(timeout, CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    /**
     * Closes the app without leaving its consumer group, as a crashed instance leaves it: its
     * partitions wait for the session timeout. For measuring recovery (benchmarks, tests). Idempotent.
     *
     * @return whether it closed within the timeout
     */
    public boolean closeStayingInGroup(final Duration timeout) {
        return close(timeout, CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    private synchronized boolean close(final Duration timeout, final CloseOptions.GroupMembershipOperation membership) {
        if (closed) {
            return true;
        }
        closed = true;
        LOG.info("{}: closing (timeout {})", app.name(), timeout);
        final long begin = System.nanoTime();
        final boolean clean = streams.close(CloseOptions.groupMembershipOperation(membership).withTimeout(timeout));
        if (metricsBinding != null) {
            try {
                metricsBinding.close();
            } catch (final Exception e) {
                LOG.warn("{}: could not unbind metrics: {}", app.name(), e.toString());
            }
        }
        final long millis = (System.nanoTime() - begin) / 1_000_000;
        if (clean) {
            LOG.info("{}: closed in {} ms", app.name(), millis);
        } else {
            LOG.warn("{}: did not close within {}; state {}", app.name(), timeout, streams.state());
        }
        terminated.countDown();
        return clean;
    }

    /** {@link #close(Duration)} with the configured close timeout. */
    @Override
    public void close() {
        close(closeTimeout);
    }

    private void onStateChange(final KafkaStreams.State newState, final KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.ERROR) {
            LOG.error("{}: state {} -> {}", app.name(), oldState, newState);
        } else {
            LOG.info("{}: state {} -> {}", app.name(), oldState, newState);
        }
        if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
            terminated.countDown();
        }
        if (extraStateListener != null) {
            extraStateListener.onChange(newState, oldState);
        }
    }

    /** Configures a {@link StreamsRunner}. */
    public static final class Builder {
        private final StreamsApp app;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Metrics metrics;
        private Predicate<Throwable> extraRetriable = failure -> false;
        private int maxReplacements = DEFAULT_MAX_REPLACEMENTS;
        private Duration replacementWindow = DEFAULT_REPLACEMENT_WINDOW;
        private StateRestoreListener restoreListener;
        private KafkaStreams.StateListener stateListener;

        private Builder(final StreamsApp app) {
            this.app = Objects.requireNonNull(app, "app");
        }

        /** How long {@link StreamsRunner#close()} waits; default 30 s. */
        public Builder closeTimeout(final Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Where the app's Kafka Streams metrics go; default none. */
        public Builder metrics(final Metrics registry) {
            this.metrics = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Failures the app also treats as retriable (tested against every cause in the chain), in
         * addition to Kafka's {@code RetriableException}.
         */
        public Builder retriable(final Predicate<Throwable> predicate) {
            this.extraRetriable = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /** At most {@code max} thread replacements within {@code window}; default 10 in 10 minutes. */
        public Builder threadReplacementBudget(final int max, final Duration window) {
            if (max < 0) {
                throw new IllegalArgumentException("max must not be negative");
            }
            this.maxReplacements = max;
            this.replacementWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Also told of every store restoration, after the runner's log line and meters; default none. */
        public Builder restoreListener(final StateRestoreListener listener) {
            this.restoreListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Also told of every state change, after the runner's own handling; default none. */
        public Builder stateListener(final KafkaStreams.StateListener listener) {
            this.stateListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The runner, with its KafkaStreams built but not started. */
        public StreamsRunner build() {
            return new StreamsRunner(this);
        }
    }
}
