package io.optgate.platform.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure with a meaning for the caller, answered as {@code {"error": code, "message": message}}
 * with the given status. Throw it from handlers (or from constructors of request records that
 * Jackson builds). The message is shown to the caller: never put internals or personal data in it.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    /** A failure answered with {@code status}; {@code code} is an UPPER_SNAKE identifier. */
    public ApiException(final int status, final String code, final String message) {
        this(status, code, message, Map.of());
    }

    /** As {@link #ApiException(int, String, String)}, with extra response headers (e.g. Retry-After). */
    public ApiException(final int status, final String code, final String message, final Map<String, String> headers) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.headers = Map.copyOf(headers);
    }

    /** 400 with {@code code}. */
    public static ApiException badRequest(final String code, final String message) {
        return new ApiException(400, code, message);
    }

    /** 401 {@code UNAUTHORIZED}, asking for a bearer key. */
    public static ApiException unauthorized(final String message) {
        return new ApiException(401, "UNAUTHORIZED", message, Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 403 {@code FORBIDDEN}. */
    public static ApiException forbidden(final String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    /** 404 with {@code code}. */
    public static ApiException notFound(final String code, final String message) {
        return new ApiException(404, code, message);
    }

    /** 409 with {@code code}. */
    public static ApiException conflict(final String code, final String message) {
        return new ApiException(409, code, message);
    }

    /** 422 with {@code code}: well-formed but invalid input. */
    public static ApiException unprocessable(final String code, final String message) {
        return new ApiException(422, code, message);
    }

    /** 503 with {@code code} and a {@code Retry-After} header in whole seconds (at least 1). */
    public static ApiException serviceUnavailable(final String code, final String message, final Duration retryAfter) {
        final long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(503, code, message, Map.of("Retry-After", Long.toString(seconds)));
    }

    /** 504 with {@code code}. */
    public static ApiException gatewayTimeout(final String code, final String message) {
        return new ApiException(504, code, message);
    }

    /** A copy with one more response header. */
    public ApiException withHeader(final String name, final String value) {
        final Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiException(status, code, getMessage(), copy);
    }

    /** The HTTP status, 4xx or 5xx. */
    public int status() {
        return status;
    }

    /** The machine-readable error code, e.g. {@code MALFORMED_JSON}. */
    public String code() {
        return code;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
