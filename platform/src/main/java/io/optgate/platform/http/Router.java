package io.optgate.platform.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the route for a method and raw path; refuses ambiguous route sets when built. Kept rather
 * than Jetty's {@code PathMappings}: that maps paths only (no 405 with the allowed methods), and
 * matches decoded paths, where a {@code %2F} inside a client id would split the segment.
 */
final class Router {

    private final List<Route> routes;

    Router(final List<Route> routes) {
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                final Route a = routes.get(i);
                final Route b = routes.get(j);
                if (a.method() == b.method() && a.path().sameShape(b.path())) {
                    throw new IllegalArgumentException("conflicting routes: " + a + " and " + b);
                }
            }
        }
        this.routes = List.copyOf(routes);
    }

    /** The outcome of matching one request. */
    sealed interface Match permits Found, NotFound, MethodNotAllowed {
    }

    /** A route matched; {@code parameters} are decoded. */
    record Found(Route route, Map<String, String> parameters) implements Match {
    }

    /** No template matches the path. */
    record NotFound() implements Match {
    }

    /** Templates match the path, but none for this method. */
    record MethodNotAllowed(Set<HttpMethod> allowed) implements Match {
    }

    Match match(final String method, final String rawPath) {
        final Optional<List<String>> segments = decodedSegments(rawPath);
        if (segments.isEmpty()) {
            return new NotFound();
        }
        final Optional<HttpMethod> requested = HttpMethod.parse(method);
        final Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
        Found best = null;
        for (final Route route : routes) {
            final Optional<Map<String, String>> parameters = route.path().match(segments.get());
            if (parameters.isEmpty()) {
                continue;
            }
            if (requested.isPresent() && route.method() == requested.get()) {
                if (best == null || route.path().compareSpecificity(best.route().path()) < 0) {
                    best = new Found(route, parameters.get());
                }
            } else {
                allowed.add(route.method());
            }
        }
        if (best != null) {
            return best;
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /** Split on {@code /} and percent-decoded one segment at a time, so {@code %2F} stays inside its segment. */
    private static Optional<List<String>> decodedSegments(final String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        if (rawPath.equals("/")) {
            return Optional.of(List.of());
        }
        final List<String> segments = new ArrayList<>();
        for (final String raw : rawPath.substring(1).split("/", -1)) {
            try {
                // '+' is a literal in paths; URLDecoder would turn it into a space.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (final IllegalArgumentException badEscape) {
                return Optional.empty();
            }
        }
        return Optional.of(segments);
    }
}
