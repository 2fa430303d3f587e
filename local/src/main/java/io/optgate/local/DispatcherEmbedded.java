package io.optgate.local;

import io.optgate.dispatcher.app.Dispatcher;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.app.DispatcherExtension;
import io.optgate.dispatcher.app.DispatcherExtensions;
import io.optgate.dispatcher.app.DispatcherTopics;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher inside local mode, built as its own main builds it, with the standard extensions
 * (the Twilio sender and webhooks: dry unless the Twilio variables are set).
 */
final class DispatcherEmbedded implements EmbeddedApp {

    private final Dispatcher dispatcher;

    private DispatcherEmbedded(final Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Reads its configuration from {@code env}, provisions its topics and starts it. */
    static EmbeddedApp start(final Env env, final Metrics metrics) {
        final DispatcherConfig configured = DispatcherConfig.from(env);
        final List<DispatcherExtension> extensions = DispatcherExtensions.standard();
        final Map<String, Object> admin = new HashMap<>();
        configured.common().kafka().asMap().forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                admin.put(name, value);
            }
        });
        final DispatcherConfig config;
        try (Admin client = Admin.create(admin)) {
            config = configured.withPartitions(DispatcherTopics.provision(client, configured, extensions));
        }
        final Dispatcher dispatcher = Dispatcher.create(config, env,
                AvroSerdes.forUrl(config.common().schemaRegistryUrl().orElseThrow().toString()), metrics, extensions);
        try {
            dispatcher.start();
        } catch (final RuntimeException e) {
            dispatcher.close();
            throw e;
        }
        return new DispatcherEmbedded(dispatcher);
    }

    @Override
    public String name() {
        return "dispatcher";
    }

    @Override
    public Routes routes() {
        return dispatcher.routes();
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return dispatcher.healthChecks();
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
