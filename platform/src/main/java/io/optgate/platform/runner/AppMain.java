package io.optgate.platform.runner;

import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.Env;
import io.optgate.platform.console.ConsoleRoutes;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.OpsRoutes;
import io.optgate.platform.metrics.Metrics;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole of an app's {@code main} (Kafka's {@code streams/examples}: main only wires): reads and
 * validates the configuration, requires a broker and a Schema Registry, provisions the topics,
 * then serves the app's routes, {@code /health}, {@code /metrics} and the console on one HTTP
 * server while the app runs, until SIGTERM or a failure.
 *
 * <p>Exit codes: 2 for bad configuration or unusable topics (nothing to retry until an operator
 * acts), 1 when the streams fail or a component (the SMS sender) fails by itself, 0 after a clean
 * shutdown.
 */
public final class AppMain {

    private static final Logger LOG = LoggerFactory.getLogger(AppMain.class);
    /** How often a failed component is looked for while the streams run. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private AppMain() {
    }

    /**
     * Runs the app {@code fromEnv} makes until it stops.
     *
     * @param name    the app's name, for logs before its configuration is read
     * @param env     the environment
     * @param fromEnv reads and validates the app's configuration, e.g. {@code DispatcherApp::fromEnv}
     * @return the exit code
     */
    public static int run(final String name, final Env env, final Function<Env, ? extends OptgateApp> fromEnv)
            throws InterruptedException {
        final OptgateApp app;
        try {
            app = fromEnv.apply(env);
            app.common().requireBrokerAndRegistry(app.name());
        } catch (final ConfigException e) {
            LOG.error("{}: {}", name, e.getMessage());
            return 2;
        }
        LOG.info("{}: starting with {}", app.name(), app.common());
        final Metrics metrics = Metrics.prometheus();
        final AppRunner runner;
        try {
            runner = AppRunner.create(app, metrics);
        } catch (final TopicsNotUsableException e) {
            LOG.error("{}", e.getMessage());
            metrics.close();
            return 2;
        }
        final HttpApi http = HttpApi.builder()
                .port(app.common().httpPort())
                .apiKeys(app.common().apiKeys())
                .routes(runner.routes())
                .routes(OpsRoutes.create(metrics, runner.healthChecks()))
                .routes(ConsoleRoutes.create())
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(http, runner, metrics), app.name() + "-shutdown"));
        http.start();
        runner.start();
        LOG.info("{}: serving on port {}", app.name(), http.port());

        final int code = awaitEnd(app.name(), runner.streams()::awaitTermination, runner::failure, WATCH_INTERVAL);
        if (code != 0) {
            stop(http, runner, metrics);
        }
        return code;
    }

    /**
     * Waits until the streams stop or a component fails by itself, whichever is first; the exit
     * code: 1 for a failure, 0 for a clean stop.
     *
     * @param awaitTermination waits up to the given time for the streams' final state
     * @param componentFailure a component's failure, if one failed
     * @param interval         how long to wait for the streams between looks at the components
     */
    public static int awaitEnd(final String name, final Watch awaitTermination,
                               final Supplier<Optional<Throwable>> componentFailure, final Duration interval)
            throws InterruptedException {
        while (true) {
            final Optional<Throwable> failed = componentFailure.get();
            if (failed.isPresent()) {
                LOG.error("{}: a component failed ({}); stopping so that it is restarted", name,
                        failed.get().toString(), failed.get());
                return 1;
            }
            final Optional<KafkaStreams.State> end = awaitTermination.await(interval);
            if (end.isPresent()) {
                if (end.get() == KafkaStreams.State.ERROR) {
                    LOG.error("{}: the streams failed; stopping", name);
                    return 1;
                }
                LOG.info("{}: stopped in state {}", name, end.get());
                return 0;
            }
        }
    }

    /** Waits up to a time for the streams' final state. */
    @FunctionalInterface
    public interface Watch {
        /** The final state, or empty when the streams still run after {@code timeout}. */
        Optional<KafkaStreams.State> await(Duration timeout) throws InterruptedException;
    }

    private static void stop(final HttpApi http, final AppRunner runner, final Metrics metrics) {
        http.close();
        runner.close();
        metrics.close();
    }
}
