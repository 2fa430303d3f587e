package io.optgate.platform.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.optgate.platform.contract.Identifiers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as a handler sees it: the matched route's path parameters, the query, headers, the
 * raw body (already size-checked) with JSON and form decoding, and the caller's
 * {@link Principal}. Immutable.
 */
public final class Request {

    private final HttpMethod method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Principal principal;
    private final JsonCodec json;

    private Request(final Builder builder) {
        this.method = Objects.requireNonNull(builder.method, "method");
        this.rawPath = Objects.requireNonNull(builder.rawPath, "rawPath");
        this.rawQuery = builder.rawQuery;
        this.pathParameters = Map.copyOf(builder.pathParameters);
        final TreeMap<String, List<String>> sortedHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        builder.headers.forEach((name, values) -> sortedHeaders.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(sortedHeaders);
        this.body = builder.body.clone();
        this.principal = Objects.requireNonNull(builder.principal, "principal");
        this.json = builder.json != null ? builder.json : new JsonCodec(Json.newObjectMapper());
    }

    /**
     * A builder, for the server and for tests of handlers that run without a server. Defaults: no
     * query, no headers, empty body, an {@link Principal.AuthDisabled} caller, the API's JSON rules.
     */
    public static Builder builder(final HttpMethod method, final String rawPath) {
        return new Builder(method, rawPath);
    }

    /** The request method. */
    public HttpMethod method() {
        return method;
    }

    /** The path as received, still percent-encoded, e.g. {@code /v1/tenants/acme/messages}. */
    public String rawPath() {
        return rawPath;
    }

    /** The query string as received, still encoded, without {@code ?}; empty when there is none. */
    public Optional<String> rawQuery() {
        return Optional.ofNullable(rawQuery);
    }

    /**
     * Path and query exactly as received ({@code /twilio/status?attempt=2}): append it to
     * {@code OPTGATE_PUBLIC_URL} to rebuild the URL a webhook caller signed.
     */
    public String pathAndQuery() {
        return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    /**
     * The decoded value of path parameter {@code name}.
     *
     * @throws IllegalArgumentException when the route's template has no such parameter
     */
    public String pathParameter(final String name) {
        final String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter {" + name + "}");
        }
        return value;
    }

    /** Every decoded path parameter. */
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** The {@code {t}} path parameter of a tenant route; 422 {@code INVALID_TENANT_ID} when it is not an id. */
    public String tenantId() {
        return idParameter(Route.TENANT_PARAMETER, "INVALID_TENANT_ID", "practice");
    }

    /**
     * Path parameter {@code name} when it is an optgate id ({@link Identifiers#isValidId}); otherwise
     * 422 with {@code code}, naming {@code what} ("client", "preference") in the message.
     */
    public String idParameter(final String name, final String code, final String what) {
        final String value = pathParameter(name);
        if (!Identifiers.isValidId(value)) {
            throw ApiException.unprocessable(code, invalidIdMessage(what));
        }
        return value;
    }

    /** The one wording of a malformed id, for the route checks that refuse one before a Request exists. */
    static String invalidIdMessage(final String what) {
        return "the " + what + " id must be 1 to 64 letters, digits, '.', '_' or '-'";
    }

    /** The first value of query parameter {@code name}, decoded. */
    public Optional<String> queryParameter(final String name) {
        final List<String> values = queryParameters().get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Every query parameter, decoded, in order of appearance.
     *
     * @throws ApiException 400 {@code MALFORMED_QUERY} on a bad percent escape
     */
    public Map<String, List<String>> queryParameters() {
        try {
            return FormDecoder.decode(rawQuery);
        } catch (final IllegalArgumentException e) {
            throw ApiException.badRequest("MALFORMED_QUERY", "the query string has a malformed percent escape");
        }
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(final String name) {
        final List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every header; names compare in any case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** A copy of the raw body (empty when there was none). */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body read as JSON into {@code type} (a record, typically).
     *
     * @throws ApiException 400 {@code MALFORMED_JSON} when the body is empty or not JSON; 422
     *     {@code INVALID_REQUEST} naming the field when it is JSON of the wrong shape; or the
     *     ApiException a constructor of {@code type} threw
     */
    public <T> T json(final Class<T> type) {
        return json.read(body, type);
    }

    /** As {@link #json(Class)}, for generic types. */
    public <T> T json(final TypeReference<T> type) {
        return json.read(body, type);
    }

    /**
     * The body read as {@code application/x-www-form-urlencoded} (as Twilio posts webhooks): the
     * first value of every field, in order of appearance.
     *
     * @throws ApiException 400 {@code MALFORMED_FORM} on a bad percent escape
     */
    public Map<String, String> form() {
        return FormDecoder.firstValues(formValues());
    }

    /** As {@link #form()}, with every value of repeated fields. */
    public Map<String, List<String>> formValues() {
        try {
            return FormDecoder.decode(bodyText());
        } catch (final IllegalArgumentException e) {
            throw ApiException.badRequest("MALFORMED_FORM", "the form body has a malformed percent escape");
        }
    }

    /** Who is calling. */
    public Principal principal() {
        return principal;
    }

    /** Method and raw path, never headers or body (they may hold secrets or personal data). */
    @Override
    public String toString() {
        return method + " " + rawPath;
    }

    /** Builds requests; see {@link Request#builder(HttpMethod, String)}. */
    public static final class Builder {
        private final HttpMethod method;
        private final String rawPath;
        private String rawQuery;
        private Map<String, String> pathParameters = Map.of();
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body = new byte[0];
        private Principal principal = new Principal.AuthDisabled();
        private JsonCodec json;

        private Builder(final HttpMethod method, final String rawPath) {
            this.method = method;
            this.rawPath = rawPath;
        }

        /** The encoded query string without {@code ?}; {@code null} for none. */
        public Builder rawQuery(final String query) {
            this.rawQuery = query;
            return this;
        }

        /** The decoded path parameters. */
        public Builder pathParameters(final Map<String, String> parameters) {
            this.pathParameters = Map.copyOf(parameters);
            return this;
        }

        /** Adds one header value. */
        public Builder header(final String name, final String value) {
            headers.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            return this;
        }

        /** Adds every header of {@code all}. */
        public Builder headers(final Map<String, List<String>> all) {
            all.forEach((name, values) -> values.forEach(value -> header(name, value)));
            return this;
        }

        /** The raw body. */
        public Builder body(final byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        /** The body as UTF-8 text. */
        public Builder body(final String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The caller. */
        public Builder principal(final Principal caller) {
            this.principal = caller;
            return this;
        }

        Builder json(final JsonCodec codec) {
            this.json = codec;
            return this;
        }

        /** The request. */
        public Request build() {
            return new Request(this);
        }
    }
}
