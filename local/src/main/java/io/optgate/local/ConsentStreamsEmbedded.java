package io.optgate.local;

import io.optgate.consent.app.ConsentConfig;
import io.optgate.consent.app.ConsentService;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.SchemaRegistryClients;

import java.util.List;
import java.util.Optional;

/** consent-streams inside local mode: the same {@link ConsentService} its own main runs. */
final class ConsentStreamsEmbedded implements EmbeddedApp {

    private final ConsentService service;

    private ConsentStreamsEmbedded(final ConsentService service) {
        this.service = service;
    }

    /** Reads its configuration from {@code env}, provisions its topics and starts it. */
    static EmbeddedApp start(final Env env, final Metrics metrics) {
        final ConsentConfig config = ConsentConfig.from(env);
        final ConsentService service = ConsentService.create(config,
                SchemaRegistryClients.forUrl(config.common().schemaRegistryUrl().orElseThrow().toString()), metrics,
                Optional.of("localhost:" + config.common().httpPort()));
        try {
            service.provisionTopics();
            service.start();
        } catch (final RuntimeException e) {
            service.close();
            throw e;
        }
        return new ConsentStreamsEmbedded(service);
    }

    @Override
    public String name() {
        return ConsentService.NAME;
    }

    @Override
    public Routes routes() {
        return service.routes();
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(service.runner());
    }

    @Override
    public void close() {
        service.close();
    }
}
