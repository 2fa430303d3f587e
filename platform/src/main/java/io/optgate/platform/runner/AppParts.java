package io.optgate.platform.runner;

import io.optgate.platform.http.Routes;

import java.util.List;
import java.util.Objects;

/**
 * An app's HTTP routes (served on the process's port, next to {@code /health} and {@code /metrics})
 * and its side components, in start order.
 */
public record AppParts(Routes routes, List<AppComponent> components) {

    public AppParts {
        Objects.requireNonNull(routes, "routes");
        components = List.copyOf(components);
    }
}
