package io.optgate.platform.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST client on the JDK's {@link HttpClient}, speaking exactly the two
 * calls the serde needs: {@code POST /subjects/{subject}/versions} and {@code GET /schemas/ids/{id}}.
 *
 * <p>I/O failures and 5xx answers are retried a bounded number of times with exponential backoff and
 * jitter, moving to the next URL of the list each time; when they persist the call fails with
 * {@link SchemaRegistryUnavailableException}. Any other answer is final and mapped to a typed
 * exception. No caching here: {@link CachingSchemaRegistryClient} wraps this client.
 */
final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** The Accept header Confluent's own clients send. */
    static final String ACCEPT =
        "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final int MAX_ERROR_TEXT = 300;

    /**
     * Timeouts and retry policy.
     *
     * @param connectTimeout TCP connect timeout per attempt
     * @param requestTimeout time for one request to be answered
     * @param maxAttempts attempts per call, first included (at least 1)
     * @param initialBackoff pause before the second attempt; doubles each time (with jitter)
     * @param maxBackoff longest pause between two attempts
     */
    record Settings(Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                    Duration initialBackoff, Duration maxBackoff) {

        /** 5 s connect, 10 s per request, 4 attempts, backoff 200 ms doubling up to 2 s. */
        static final Settings DEFAULTS =
            new Settings(Duration.ofSeconds(5), Duration.ofSeconds(10), 4, Duration.ofMillis(200), Duration.ofSeconds(2));

        Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
        }
    }

    private record Answer(int status, String body) {
    }

    private final List<URI> baseUris;
    private final String authorization;
    private final Settings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param baseUris registry base URLs without user info or trailing slash; tried in turn
     * @param basicAuthUserInfo {@code user:password}, or {@code null} for no authentication
     * @param settings timeouts and retries
     */
    RestSchemaRegistryClient(final List<URI> baseUris, final String basicAuthUserInfo, final Settings settings) {
        if (baseUris.isEmpty()) {
            throw new IllegalArgumentException("at least one Schema Registry URL is needed");
        }
        this.baseUris = List.copyOf(baseUris);
        this.authorization = basicAuthUserInfo == null ? null
            : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        this.settings = settings;
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final String operation = "register a schema under subject '" + subject + "'";
        final String body;
        try {
            body = json.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a schema as JSON", e);
        }
        final Answer answer = exchange("/subjects/" + pathSegment(subject) + "/versions", body, operation);
        return switch (answer.status()) {
            case 200 -> {
                final JsonNode id = parse(answer, operation).get("id");
                if (id == null || !id.canConvertToInt()) {
                    throw unexpected(answer, operation, "no integer 'id' in the answer");
                }
                yield id.intValue();
            }
            case 409 -> throw new SchemaRegistrationException(
                describe(answer, "could not " + operation + ": incompatible with an earlier version"),
                answer.status(), errorCode(answer));
            case 422 -> throw new SchemaRegistrationException(
                describe(answer, "could not " + operation + ": the registry rejected the schema as invalid"),
                answer.status(), errorCode(answer));
            default -> throw failure(answer, operation);
        };
    }

    @Override
    public Schema schemaById(final int id) {
        final String operation = "fetch schema " + id;
        final Answer answer = exchange("/schemas/ids/" + id, null, operation);
        if (answer.status() != 200) {
            throw failure(answer, operation);
        }
        final JsonNode node = parse(answer, operation);
        final JsonNode schemaType = node.get("schemaType");
        if (schemaType != null && !schemaType.isNull() && !"AVRO".equals(schemaType.asText())) {
            throw new UnsupportedSchemaException("schema " + id + " is a " + schemaType.asText() + " schema, not Avro");
        }
        final JsonNode schemaText = node.get("schema");
        if (schemaText == null || !schemaText.isTextual()) {
            throw unexpected(answer, operation, "no 'schema' string in the answer");
        }
        final JsonNode references = node.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new UnsupportedSchemaException("schema " + id + " uses schema references, which this serde does not resolve");
        }
        try {
            return new Schema.Parser().parse(schemaText.asText());
        } catch (final SchemaParseException e) {
            throw new UnsupportedSchemaException("schema " + id + " is not a valid Avro schema: " + e.getMessage());
        }
    }

    private Answer exchange(final String path, final String body, final String operation) {
        String lastFailure = "none";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                pause(attempt - 1, operation);
            }
            final URI base = baseUris.get((attempt - 1) % baseUris.size());
            try {
                final HttpResponse<String> response =
                    http.send(request(base, path, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                final Answer answer = new Answer(response.statusCode(), response.body());
                if (answer.status() < 500) {
                    return answer;
                }
                lastFailure = describe(answer, base + " answered");
                lastCause = null;
            } catch (final IOException e) {
                lastFailure = base + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                lastCause = e;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException("interrupted while trying to " + operation, e);
            }
            LOG.warn("Schema Registry attempt {}/{} to {} failed: {}", attempt, settings.maxAttempts(), operation, lastFailure);
        }
        throw new SchemaRegistryUnavailableException("Schema Registry unavailable: could not " + operation + " in "
            + settings.maxAttempts() + " attempts; last failure: " + lastFailure, lastCause);
    }

    private HttpRequest request(final URI base, final String path, final String body) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(settings.requestTimeout())
            .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    }

    private void pause(final int retry, final String operation) {
        final long ceiling = Math.min(settings.maxBackoff().toMillis(),
            settings.initialBackoff().toMillis() << Math.min(retry - 1, 20));
        // Jitter in [ceiling/2, ceiling], so that many instances do not hammer a recovering registry in step.
        final long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting to retry to " + operation, e);
        }
    }

    private JsonNode parse(final Answer answer, final String operation) {
        try {
            final JsonNode node = json.readTree(answer.body());
            if (node == null || !node.isObject()) {
                throw unexpected(answer, operation, "the answer is not a JSON object");
            }
            return node;
        } catch (final JsonProcessingException e) {
            throw unexpected(answer, operation, "the answer is not JSON");
        }
    }

    private SchemaRegistryException failure(final Answer answer, final String operation) {
        final int code = errorCode(answer);
        final String message = describe(answer, "could not " + operation);
        return switch (answer.status()) {
            case 404 -> new SchemaNotFoundException(message, answer.status(), code);
            case 401, 403 -> new SchemaRegistryException(
                message + " (check the credentials in " + AvroSerdeConfig.BASIC_AUTH_USER_INFO + " or the URL)",
                answer.status(), code);
            default -> new SchemaRegistryException(message, answer.status(), code);
        };
    }

    private SchemaRegistryException unexpected(final Answer answer, final String operation, final String what) {
        return new SchemaRegistryException("could not " + operation + ": unexpected answer with HTTP " + answer.status()
            + ", " + what, answer.status(), SchemaRegistryException.NO_ERROR_CODE);
    }

    private int errorCode(final Answer answer) {
        final JsonNode node = errorBody(answer);
        final JsonNode code = node == null ? null : node.get("error_code");
        return code != null && code.canConvertToInt() ? code.intValue() : SchemaRegistryException.NO_ERROR_CODE;
    }

    private String describe(final Answer answer, final String prefix) {
        final JsonNode node = errorBody(answer);
        final StringBuilder text = new StringBuilder(prefix).append(" (HTTP ").append(answer.status());
        final int code = errorCode(answer);
        if (code != SchemaRegistryException.NO_ERROR_CODE) {
            text.append(", error code ").append(code);
        }
        text.append(')');
        final JsonNode message = node == null ? null : node.get("message");
        final String detail = message != null && message.isTextual() ? message.asText() : node == null ? answer.body() : "";
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(oneLine(detail));
        }
        return text.toString();
    }

    private JsonNode errorBody(final Answer answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            final JsonNode node = json.readTree(answer.body());
            return node != null && node.isObject() ? node : null;
        } catch (final JsonProcessingException e) {
            return null;
        }
    }

    private static String oneLine(final String text) {
        final String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_ERROR_TEXT ? flat : flat.substring(0, MAX_ERROR_TEXT) + "...";
    }

    private static String pathSegment(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return baseUris.toString();
    }
}
