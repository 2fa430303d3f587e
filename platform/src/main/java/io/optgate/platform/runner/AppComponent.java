package io.optgate.platform.runner;

import io.optgate.platform.http.HealthCheck;

import java.util.List;
import java.util.Optional;

/**
 * A side component of an app, such as the SMS sender or an API's producer: started after the app's
 * streams, closed before them.
 */
public interface AppComponent extends AutoCloseable {

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

    /** Starts work; called once the app's streams have been started. Default nothing. */
    default void start() {
    }

    /** Stops work and releases resources. Idempotent; must not throw. */
    @Override
    void close();

    /** A component that only needs closing, e.g. a producer. */
    static AppComponent closing(final AutoCloseable resource) {
        return () -> {
            try {
                resource.close();
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
