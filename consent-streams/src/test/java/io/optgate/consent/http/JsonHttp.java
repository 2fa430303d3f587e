package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** The consent API as a test calls it: JSON in and out, an optional bearer key, bounded waits. */
public final class JsonHttp {

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Supplier<URI> baseUri;
    private final Duration timeout;

    /** @param baseUri the server's base URI, read at each call (a server may be started after this) */
    public JsonHttp(final Supplier<URI> baseUri, final Duration timeout) {
        this.baseUri = baseUri;
        this.timeout = timeout;
    }

    /** A status and its parsed body (a null node for an empty body). */
    public record Answer(int status, JsonNode body) {
        public String error() {
            return body.path("error").asText();
        }
    }

    public Answer get(final String path, final String key) {
        return send(HttpRequest.newBuilder(baseUri.get().resolve(path)).GET(), key);
    }

    /** A status, the Content-Type and the raw body of a GET sent with {@code accept}, for answers that are not JSON. */
    public record Text(int status, String contentType, String body) {
    }

    public Text getText(final String path, final String key, final String accept) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.get().resolve(path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            final HttpResponse<String> response = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Text(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer put(final String path, final String key, final String body) {
        return send(HttpRequest.newBuilder(baseUri.get().resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), key);
    }

    private Answer send(final HttpRequest.Builder request, final String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            final HttpResponse<String> response = client.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? json.nullNode() : json.readTree(response.body()));
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
