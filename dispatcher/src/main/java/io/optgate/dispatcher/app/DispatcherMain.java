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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the dispatcher alone against an external cluster: reads and validates the configuration,
 * provisions topics, then serves the messages API, the extensions' routes, {@code /health} and
 * {@code /metrics} while the streams run. Exits 2 on bad configuration or topics, 1 when the
 * streams fail, 0 after a clean shutdown (SIGTERM).
 */
public final class DispatcherMain {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherMain.class);

    private DispatcherMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.exit(run(Env.fromSystem()));
    }

    /** Runs until the streams stop; the exit code. */
    static int run(final Env env) throws InterruptedException {
        final DispatcherConfig config;
        try {
            config = standalone(DispatcherConfig.from(env));
        } catch (final ConfigException e) {
            LOG.error("dispatcher: {}", e.getMessage());
            return 2;
        }
        final List<DispatcherExtension> extensions = DispatcherExtensions.standard();
        try (Admin admin = Admin.create(adminSettings(config))) {
            final int partitions = DispatcherTopics.provision(admin, config, extensions);
            LOG.info("dispatcher: topics ready with {} partitions", partitions);
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

        final KafkaStreams.State end = dispatcher.runner().awaitTermination();
        if (end == KafkaStreams.State.ERROR) {
            LOG.error("dispatcher: the streams failed; stopping");
            stop(http, dispatcher, metrics);
            return 1;
        }
        return 0;
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
