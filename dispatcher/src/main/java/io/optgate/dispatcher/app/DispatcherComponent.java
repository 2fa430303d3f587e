package io.optgate.dispatcher.app;

import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;

import java.util.List;
import java.util.Optional;

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

    /**
     * Why the component stopped working by itself, if it did: the process then ends with a non-zero
     * exit so that it is restarted (a component that died quietly would leave texts unsent). Default never.
     */
    default Optional<Throwable> failure() {
        return Optional.empty();
    }

    /** Starts work; called once the dispatcher's streams have been started. */
    void start();

    /** Stops work and releases resources; called before the streams are closed. Idempotent; must not throw. */
    @Override
    void close();
}
