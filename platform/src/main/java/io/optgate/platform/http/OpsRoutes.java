package io.optgate.platform.http;

import io.optgate.platform.metrics.Metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} (no key: orchestrators probe it) and {@code GET /metrics} (the metrics key
 * or a support key when authentication is on). Register them once per server: in local mode one
 * set covers every app (pass every app's health check).
 */
public final class OpsRoutes {

    private OpsRoutes() {
    }

    /**
     * The routes.
     *
     * <ul>
     *   <li>{@code /health}: 200 {@code {"status":"UP","checks":{"consent-streams":"RUNNING"}}} when
     *       every check is up, else 503 with {@code "status":"DOWN"} and each check's detail.</li>
     *   <li>{@code /metrics}: the Prometheus text format ({@link Metrics#CONTENT_TYPE}).</li>
     * </ul>
     */
    public static Routes create(final Metrics metrics, final List<? extends HealthCheck> checks) {
        final List<HealthCheck> all = List.copyOf(checks);
        return Routes.builder()
                .unauthenticated(HttpMethod.GET, "/health", request -> health(all))
                .metrics(HttpMethod.GET, "/metrics", request -> Response.text(200, Metrics.CONTENT_TYPE, metrics.scrape()))
                .build();
    }

    /** As {@link #create(Metrics, List)}. */
    public static Routes create(final Metrics metrics, final HealthCheck... checks) {
        return create(metrics, List.of(checks));
    }

    private static Response health(final List<HealthCheck> checks) {
        final Map<String, String> details = new LinkedHashMap<>();
        boolean up = true;
        for (final HealthCheck check : checks) {
            final HealthCheck.Status status = check.status();
            details.put(check.name(), status.detail());
            up &= status.up();
        }
        return Response.json(up ? 200 : 503, new HealthBody(up ? "UP" : "DOWN", details));
    }

    /** The JSON of {@code /health}. */
    record HealthBody(String status, Map<String, String> checks) {
    }
}
