package io.optgate.consent.app;

import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.ConfigProblem;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.console.ConsoleRoutes;
import io.optgate.platform.http.OpsRoutes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.SchemaRegistryClients;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs consent-streams alone: configuration from the environment, its topics, the topology, and
 * one HTTP server with the consent API, {@code /health} and {@code /metrics}. Exits 0 after a
 * clean stop (SIGTERM), 1 when the app failed, 2 on invalid configuration.
 */
public final class ConsentStreamsMain {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentStreamsMain.class);

    private ConsentStreamsMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.exit(run(Env.fromSystem()));
    }

    /** Runs until the streams stop; the exit code: 0 after a clean stop, 1 when the streams failed, 2 for bad configuration or topics. */
    static int run(final Env env) throws InterruptedException {
        final ConsentConfig config;
        try {
            config = ConsentConfig.from(env);
            if (config.common().schemaRegistryUrl().isEmpty()) {
                // An in-process registry is private to one JVM: two instances would not read each other's schema ids.
                throw new ConfigException(ConfigProblem.missing("SCHEMA_REGISTRY_URL"));
            }
            if (config.common().bootstrapServers().isEmpty()) {
                throw new ConfigException(ConfigProblem.missing("KAFKA_BOOTSTRAP_SERVERS"));
            }
        } catch (final ConfigException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        return serve(config);
    }

    private static int serve(final ConsentConfig config) throws InterruptedException {
        LOG.info("Starting consent-streams with {}", config.common());
        final Metrics metrics = Metrics.prometheus();
        final ConsentService consent = ConsentService.create(config,
                SchemaRegistryClients.forUrl(config.common().schemaRegistryUrl().orElseThrow().toString()), metrics, Optional.empty());
        try {
            consent.provisionTopics();
        } catch (final RuntimeException e) {
            // The same code as the dispatcher's for unusable topics: nothing to retry until an operator acts.
            LOG.error("Cannot provision the consent topics: {}", e.getMessage());
            consent.close();
            metrics.close();
            return 2;
        }
        consent.start();
        final HttpApi http = HttpApi.builder()
                .port(config.common().httpPort())
                .apiKeys(config.common().apiKeys())
                .routes(consent.routes())
                .routes(OpsRoutes.create(metrics, consent.runner()))
                .routes(ConsoleRoutes.create())
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(Duration.ofSeconds(5));
            consent.close();
            metrics.close();
        }, "consent-streams-shutdown"));
        final KafkaStreams.State end = consent.runner().awaitTermination();
        LOG.info("consent-streams stopped in state {}", end);
        return end == KafkaStreams.State.ERROR ? 1 : 0;
    }
}
