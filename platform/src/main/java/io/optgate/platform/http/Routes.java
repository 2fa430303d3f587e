package io.optgate.platform.http;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable group of routes that one app contributes to an {@link HttpApi}. Several groups can
 * be served by one server (local mode serves every app on one port).
 *
 * <pre>{@code
 * Routes consent = Routes.builder()
 *     .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/sms-consent", this::getConsent)
 *     .tenant(HttpMethod.PUT, "/v1/tenants/{t}/clients/{c}/sms-consent", this::putConsent)
 *     .unauthenticated(HttpMethod.POST, "/twilio/inbound", this::inbound)
 *     .build();
 * }</pre>
 */
public final class Routes {

    private final List<Route> routes;

    private Routes(final List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Exactly these routes. */
    public static Routes of(final Route... routes) {
        return new Routes(List.of(routes));
    }

    /** The routes, in declaration order. */
    public List<Route> asList() {
        return routes;
    }

    /** Collects routes. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /** A tenant-scoped route: the template must contain {@code {t}}; see {@link Access#TENANT}. */
        public Builder tenant(final HttpMethod method, final String path, final Handler handler) {
            return route(new Route(method, PathTemplate.parse(path), Access.TENANT, handler));
        }

        /** A route for support keys only; see {@link Access#SUPPORT}. */
        public Builder support(final HttpMethod method, final String path, final Handler handler) {
            return route(new Route(method, PathTemplate.parse(path), Access.SUPPORT, handler));
        }

        /** A route for the metrics key or a support key; see {@link Access#METRICS}. */
        public Builder metrics(final HttpMethod method, final String path, final Handler handler) {
            return route(new Route(method, PathTemplate.parse(path), Access.METRICS, handler));
        }

        /** A route that takes no bearer key; see {@link Access#PUBLIC}. */
        public Builder unauthenticated(final HttpMethod method, final String path, final Handler handler) {
            return route(new Route(method, PathTemplate.parse(path), Access.PUBLIC, handler));
        }

        /** Any route. */
        public Builder route(final Route route) {
            routes.add(route);
            return this;
        }

        /** Every route of {@code other}. */
        public Builder routes(final Routes other) {
            routes.addAll(other.routes);
            return this;
        }

        /** The routes collected so far; conflicts are detected when the server is built. */
        public Routes build() {
            return new Routes(routes);
        }
    }
}
