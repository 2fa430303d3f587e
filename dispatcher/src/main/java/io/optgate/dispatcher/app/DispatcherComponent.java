package io.optgate.dispatcher.app;

import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;

import java.util.List;

/** The running part of a {@link DispatcherExtension}: started after the dispatcher's streams, closed before them. */
public interface DispatcherComponent extends AutoCloseable {

    /** HTTP routes served on the dispatcher's port (read once, before the server starts). Default none. */
    default Routes routes() {
        return Routes.builder().build();
    }

    /** What {@code /health} also reports on. Default nothing. */
    default List<HealthCheck> healthChecks() {
        return List.of();
    }

    /** Starts work; called once the dispatcher's streams have been started. */
    void start();

    /** Stops work and releases resources; called before the streams are closed. Idempotent; must not throw. */
    @Override
    void close();
}
