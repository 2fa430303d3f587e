package io.optgate.local.web;

import io.optgate.local.progress.DispatchProgress;
import io.optgate.local.progress.ProgressSnapshot;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local mode's own pages: {@code GET /}, a small HTML page (plain HTML and JavaScript, no build
 * step) with live counts and lookups that call the real API; and {@code GET /local/stats}, the
 * counts it shows as JSON. Neither carries a phone number or a message body. The page is the
 * same static file for everyone and takes no key; the counts span every practice, so with
 * {@code OPTGATE_API_KEYS} set they need a support key (the page asks for it).
 */
public final class LocalRoutes {

    private LocalRoutes() {
    }

    /**
     * The routes.
     *
     * @param progress        the counts
     * @param examples        a few tenant/client pairs of the sample practices, for the lookup form
     * @param authRequired    whether the API wants a bearer key (the page then asks for one)
     */
    public static Routes create(final DispatchProgress progress, final List<Map<String, String>> examples,
                                final boolean authRequired) {
        final byte[] page = resource("index.html");
        return Routes.builder()
                .unauthenticated(HttpMethod.GET, "/", request -> Response.bytes(200, "text/html; charset=utf-8", page))
                .support(HttpMethod.GET, "/local/stats", request -> Response.ok(stats(progress, examples, authRequired)))
                .build();
    }

    private static Map<String, Object> stats(final DispatchProgress progress, final List<Map<String, String>> examples,
                                             final boolean authRequired) {
        final ProgressSnapshot s = progress.snapshot();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", s.at().toString());
        body.put("decisions", s.decisions());
        body.put("byVerdict", s.byVerdict());
        body.put("dropsByReason", s.byReason());
        body.put("deliveriesByStatus", s.deliveries());
        body.put("consentNotes", s.consentNotes());
        body.put("recentDecisions", progress.recentDecisions());
        body.put("examples", examples);
        body.put("authRequired", authRequired);
        return body;
    }

    private static byte[] resource(final String name) {
        try (InputStream in = LocalRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + LocalRoutes.class.getName());
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
