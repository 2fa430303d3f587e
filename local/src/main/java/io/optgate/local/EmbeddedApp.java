package io.optgate.local;

import io.optgate.platform.config.Env;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.metrics.Metrics;

import java.util.List;

/** One optgate app running inside local mode's process, on its shared broker, registry, metrics and HTTP port. */
public interface EmbeddedApp {

    /** Starts an app from the environment local mode prepared (broker, registry, data dir set). */
    @FunctionalInterface
    interface Starter {
        /**
         * Provisions the app's topics and starts it; returns once it is started (not necessarily RUNNING).
         *
         * @param env     the environment, with {@code KAFKA_BOOTSTRAP_SERVERS} and {@code SCHEMA_REGISTRY_URL} set
         * @param metrics the process's metrics registry
         */
        EmbeddedApp start(Env env, Metrics metrics) throws Exception;
    }

    /** Short name, e.g. {@code consent-streams}. */
    String name();

    /** The app's API routes (not /health or /metrics: local mode serves one set for every app). */
    Routes routes();

    /** What {@code /health} reports on for this app. */
    List<HealthCheck> healthChecks();

    /** Stops the app: its side effects first, then its streams, within the runner's close timeout (30 s). */
    void close();
}
