package io.optgate.consent.app;

import io.optgate.consent.http.JsonHttp;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.OpsRoutes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.topics.TopicNames;
import io.optgate.testing.KafkaCluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One consent-streams instance against a real broker, wired as {@code main} wires it (provisioned
 * topics, the runner, one HTTP server with the consent API and /health), with its own topic names
 * (prefix) so that test classes sharing the broker do not meet.
 */
final class ConsentInstance implements AutoCloseable {

    static final String TENANT_KEY = "k-happy";
    static final String SUPPORT_KEY = "k-support";
    static final String API_KEYS = TENANT_KEY + "=happy-paws,k-city=city-vets," + SUPPORT_KEY + "=*";

    final ConsentConfig config;
    final AppRunner service;
    final HttpApi http;
    private final Metrics metrics = Metrics.prometheus();
    private final JsonHttp client;

    ConsentInstance(final KafkaCluster kafka, final String prefix, final String registryScope, final Path dataDir, final int partitions) {
        final int port = freePort();
        final Map<String, String> env = new HashMap<>(topicOverrides(prefix));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_APPLICATION_ID", prefix + "optgate-consent-streams");
        env.put("KAFKA_NUM_STREAM_THREADS", "1");
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put("OPTGATE_API_KEYS", API_KEYS);
        env.put("OPTGATE_TOPIC_PARTITIONS", Integer.toString(partitions));
        env.put("OPTGATE_CONSENT_PUNCTUATION_INTERVAL", "PT0.5S");
        env.put("SCHEMA_REGISTRY_URL", "mock://" + registryScope);
        env.put("OPTGATE_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_APPLICATION_SERVER", "127.0.0.1:" + port);
        config = ConsentConfig.from(Env.of(env));
        service = AppRunner.create(new ConsentStreamsApp(config), metrics);
        service.start();
        http = HttpApi.builder().port(port).apiKeys(config.common().apiKeys())
                .routes(service.routes())
                .routes(OpsRoutes.create(metrics, service.healthChecks()))
                .build()
                .start();
        client = new JsonHttp(http::baseUri, Duration.ofSeconds(15));
    }

    static Map<String, String> topicOverrides(final String prefix) {
        // Every topic, so that test classes on the shared broker never meet (a topic added later too).
        return new HashMap<>(TopicNames.prefixedVariables(prefix));
    }

    JsonHttp.Answer get(final String path, final String key) {
        return client.get(path, key);
    }

    JsonHttp.Answer put(final String path, final String key, final String body) {
        return client.put(path, key, body);
    }

    boolean isRunning() {
        return service.streams().isRunning();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public void close() {
        http.stop(Duration.ZERO);
        service.close();
        metrics.close();
    }
}
