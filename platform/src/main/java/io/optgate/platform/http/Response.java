package io.optgate.platform.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer: status, headers and a body that is JSON (written by the server's mapper), raw bytes
 * with their content type (Prometheus text, TwiML, a forwarded answer), or nothing. Immutable;
 * {@link #withHeader(String, String)} returns a copy.
 */
public final class Response {

    /** What the answer carries. */
    public sealed interface Body permits Empty, JsonValue, Bytes {
    }

    /** No body. */
    public record Empty() implements Body {
    }

    /** A value the server writes as JSON. */
    public record JsonValue(Object value) implements Body {
    }

    /** Raw bytes of {@code contentType}. */
    public record Bytes(String contentType, byte[] bytes) implements Body {
        public Bytes {
            Objects.requireNonNull(contentType, "contentType");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private final int status;
    private final Map<String, List<String>> headers;
    private final Body body;

    private Response(final int status, final Map<String, List<String>> headers, final Body body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        this.status = status;
        final Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = Objects.requireNonNull(body, "body");
    }

    /** 200 with {@code value} as JSON. */
    public static Response ok(final Object value) {
        return json(200, value);
    }

    /** {@code status} with {@code value} as JSON. */
    public static Response json(final int status, final Object value) {
        return new Response(status, Map.of(), new JsonValue(Objects.requireNonNull(value, "value")));
    }

    /** {@code status} without a body (e.g. 204, 202). */
    public static Response empty(final int status) {
        return new Response(status, Map.of(), new Empty());
    }

    /** {@code status} with raw bytes of {@code contentType}. */
    public static Response bytes(final int status, final String contentType, final byte[] bytes) {
        return new Response(status, Map.of(), new Bytes(contentType, bytes));
    }

    /** {@code status} with {@code text} encoded as UTF-8; say so in {@code contentType}. */
    public static Response text(final int status, final String contentType, final String text) {
        return bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The error answer of {@code failure}: its status, headers and {@code {"error","message"}}. */
    public static Response error(final ApiException failure) {
        Response response = json(failure.status(), new ErrorBody(failure.code(), failure.getMessage()));
        for (final Map.Entry<String, String> header : failure.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    /** A copy with one more value of header {@code name}. */
    public Response withHeader(final String name, final String value) {
        final Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((existing, values) -> copy.put(existing, new ArrayList<>(values)));
        copy.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        return new Response(status, copy, body);
    }

    /** The status. */
    public int status() {
        return status;
    }

    /** Headers set by the handler (the server adds Content-Type and Content-Length). */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name}, compared in any case. */
    public Optional<String> header(final String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().get(0))
                .findFirst();
    }

    /** The body. */
    public Body body() {
        return body;
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.getClass().getSimpleName() + "]";
    }
}
