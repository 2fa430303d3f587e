package io.optgate.dispatcher.app;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.ConfigProblem;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.console.ConsoleRoutes;
import io.optgate.platform.http.OpsRoutes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the dispatcher alone against an external cluster: reads and validates the configuration,
 * provisions topics, then serves the messages API, the extensions' routes, {@code /health} and
 * {@code /metrics} while the streams run. Exits 2 on bad configuration or topics, 1 when the
 * streams fail or a component (the SMS sender) fails by itself, any Throwable, 0 after a clean
 * shutdown (SIGTERM).
 */
public final class DispatcherMain {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherMain.class);
    /** How often a failed component is looked for while the streams run. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private DispatcherMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.exit(run(Env.fromSystem()));
    }

    /** Runs until the streams stop; the exit code. */
    static int run(final Env env) throws InterruptedException {
        final DispatcherConfig configured;
        try {
            configured = standalone(DispatcherConfig.from(env));
        } catch (final ConfigException e) {
            LOG.error("dispatcher: {}", e.getMessage());
            return 2;
        }
        final List<DispatcherExtension> extensions = DispatcherExtensions.standard();
        final DispatcherConfig config;
        try (Admin admin = Admin.create(adminSettings(configured))) {
            config = configured.withPartitions(DispatcherTopics.provision(admin, configured, extensions));
            LOG.info("dispatcher: topics ready with {} partitions", config.partitions());
        } catch (final IllegalStateException e) {
            LOG.error("dispatcher: topics are not usable: {}", e.getMessage());
            return 2;
        }

        final Metrics metrics = Metrics.prometheus();
        final AvroSerdes serdes = AvroSerdes.forUrl(config.common().schemaRegistryUrl().map(URI::toString).orElseThrow());
        final Dispatcher dispatcher;
        try {
            dispatcher = Dispatcher.create(config, env, serdes, metrics, extensions);
        } catch (final ConfigException e) {
            LOG.error("dispatcher: {}", e.getMessage());
            metrics.close();
            return 2;
        }
        final HttpApi http = HttpApi.builder()
                .port(config.common().httpPort())
                .apiKeys(config.common().apiKeys())
                .routes(dispatcher.routes())
                .routes(OpsRoutes.create(metrics, dispatcher.healthChecks()))
                .routes(ConsoleRoutes.create())
                .build();
        final Thread shutdown = new Thread(() -> stop(http, dispatcher, metrics), "dispatcher-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        http.start();
        dispatcher.start();
        LOG.info("dispatcher: serving on port {}", http.port());

        final int code = awaitEnd(dispatcher.runner()::awaitTermination, dispatcher::failure, WATCH_INTERVAL);
        if (code != 0) {
            stop(http, dispatcher, metrics);
        }
        return code;
    }

    /**
     * Waits until the streams stop or a component (the SMS sender) fails by itself, whichever is
     * first; the exit code: 1 for a failure, 0 for a clean stop.
     *
     * @param awaitTermination waits up to the given time for the streams' final state
     * @param componentFailure a component's failure, if one failed
     */
    static int awaitEnd(final Watch awaitTermination, final Supplier<Optional<Throwable>> componentFailure,
                        final Duration interval) throws InterruptedException {
        while (true) {
            final Optional<Throwable> failed = componentFailure.get();
            if (failed.isPresent()) {
                LOG.error("dispatcher: a component failed ({}); stopping so that it is restarted",
                        failed.get().toString(), failed.get());
                return 1;
            }
            final Optional<KafkaStreams.State> end = awaitTermination.await(interval);
            if (end.isPresent()) {
                if (end.get() == KafkaStreams.State.ERROR) {
                    LOG.error("dispatcher: the streams failed; stopping");
                    return 1;
                }
                return 0;
            }
        }
    }

    /** Waits up to a time for the streams' final state. */
    @FunctionalInterface
    interface Watch {
        Optional<KafkaStreams.State> await(Duration timeout) throws InterruptedException;
    }

    /** Running alone needs a real cluster and a shared Schema Registry. */
    private static DispatcherConfig standalone(final DispatcherConfig config) {
        if (config.common().bootstrapServers().isEmpty()) {
            throw new ConfigException(ConfigProblem.invalid(CommonConfig.BOOTSTRAP_SERVERS, "",
                    "is required when the dispatcher runs alone (the local module starts an embedded broker)"));
        }
        if (config.common().schemaRegistryUrl().isEmpty()) {
            throw new ConfigException(ConfigProblem.invalid(CommonConfig.SCHEMA_REGISTRY_URL, "",
                    "is required when the dispatcher runs alone (consent-streams must read what it writes)"));
        }
        return config;
    }

    private static Map<String, Object> adminSettings(final DispatcherConfig config) {
        final Map<String, Object> settings = new HashMap<>();
        config.common().kafka().asMap().forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    private static void stop(final HttpApi http, final Dispatcher dispatcher, final Metrics metrics) {
        http.close();
        dispatcher.close();
        metrics.close();
    }
}
