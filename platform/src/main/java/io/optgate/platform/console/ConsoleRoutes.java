package io.optgate.platform.console;

import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The staff console: {@code GET /console} and its few static files (plain HTML, CSS and JavaScript
 * packaged in this jar; no CDN, no build step). The pages take no bearer key; everything they show
 * or change goes through the public API with the key the user types in. Register these routes once
 * per server, as {@code OpsRoutes}: both apps and local mode serve the same files.
 */
public final class ConsoleRoutes {

    /** The console's address. */
    public static final String PATH = "/console";

    private static final Map<String, String> FILES = Map.of(
            "console.css", "text/css; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "words.js", "text/javascript; charset=utf-8",
            "profile.js", "text/javascript; charset=utf-8",
            "find.js", "text/javascript; charset=utf-8",
            "preferences.js", "text/javascript; charset=utf-8",
            "messages.js", "text/javascript; charset=utf-8",
            "settings.js", "text/javascript; charset=utf-8",
            "ops.js", "text/javascript; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8");

    private ConsoleRoutes() {
    }

    /** The routes: {@code GET /console} (also with a trailing slash) and {@code GET /console/{file}}. */
    public static Routes create() {
        final byte[] page = resource("index.html");
        return Routes.builder()
                .unauthenticated(HttpMethod.GET, PATH, request -> html(page))
                .unauthenticated(HttpMethod.GET, PATH + "/{file}", request -> request.pathParameter("file").isEmpty()
                        ? html(page) : file(request.pathParameter("file")))
                .build();
    }

    private static Response html(final byte[] page) {
        return Response.bytes(200, "text/html; charset=utf-8", page).withHeader("Cache-Control", "no-cache");
    }

    private static Response file(final String name) {
        final String type = FILES.get(name);
        if (type == null) {
            throw ApiException.notFound("NOT_FOUND", "the console has no file " + name);
        }
        return Response.bytes(200, type, resource(name)).withHeader("Cache-Control", "no-cache");
    }

    private static byte[] resource(final String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing console file " + name + " next to " + ConsoleRoutes.class.getName());
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
