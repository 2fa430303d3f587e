package io.optgate.platform.http;

import java.util.Locale;
import java.util.Optional;

/** The request methods routes can be declared for. */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE;

    /** The method named {@code name} (any case), empty for methods no route can declare. */
    public static Optional<HttpMethod> parse(final String name) {
        for (final HttpMethod method : values()) {
            if (method.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
