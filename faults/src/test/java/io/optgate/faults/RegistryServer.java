package io.optgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.serde.SchemaRegistryException;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Schema Registry on loopback for the app processes: the two Confluent REST calls optgate's serde
 * makes ({@code POST /subjects/{subject}/versions}, {@code GET /schemas/ids/{id}}) over platform's
 * in-memory registry, optionally behind HTTP basic auth. Confluent's own registry is not available
 * to this build; local mode serves the same two calls from its own port.
 */
final class RegistryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("^/subjects/([^/]+)/versions$");
    private static final Pattern BY_ID = Pattern.compile("^/schemas/ids/(\\d+)$");
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistryClient registry =
            SchemaRegistryClients.forUrl("mock://faults-" + UUID.randomUUID());
    private final Optional<String> expectedAuthorization;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicInteger refused = new AtomicInteger();

    private RegistryServer(final Optional<String> userInfo) {
        this.expectedAuthorization = userInfo.map(info ->
                "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the registry's port", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A registry open to anyone on loopback. */
    static RegistryServer open() {
        return new RegistryServer(Optional.empty());
    }

    /** A registry that answers 401 unless basic auth carries {@code user:password}. */
    static RegistryServer withBasicAuth(final String user, final String password) {
        return new RegistryServer(Optional.of(user + ":" + password));
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://user:password@127.0.0.1:<port>}, as {@code SCHEMA_REGISTRY_URL} takes credentials. */
    String url(final String user, final String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests were answered 401 (basic auth missing or wrong). */
    int refused() {
        return refused.get();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final byte[] body = exchange.getRequestBody().readAllBytes();
            if (expectedAuthorization.isPresent()
                    && !expectedAuthorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                answer(exchange, 401, Map.of("error_code", 401, "message", "Unauthorized"));
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            final Matcher register = REGISTER.matcher(path);
            final Matcher byId = BY_ID.matcher(path);
            try {
                if ("POST".equals(exchange.getRequestMethod()) && register.matches()) {
                    final JsonNode request = JSON.readTree(body);
                    final Schema schema = new Schema.Parser().parse(request.get("schema").asText());
                    answer(exchange, 200, Map.of("id", registry.register(register.group(1), schema)));
                } else if ("GET".equals(exchange.getRequestMethod()) && byId.matches()) {
                    answer(exchange, 200, Map.of("schema", registry.schemaById(Integer.parseInt(byId.group(1))).toString()));
                } else {
                    answer(exchange, 404, Map.of("error_code", 404, "message", "Not found"));
                }
            } catch (final SchemaRegistryException e) {
                answer(exchange, e.httpStatus(), Map.of("error_code", e.errorCode(), "message", String.valueOf(e.getMessage())));
            } catch (final RuntimeException e) {
                answer(exchange, 422, Map.of("error_code", 42201, "message", String.valueOf(e.getMessage())));
            }
        }
    }

    private static void answer(final HttpExchange exchange, final int status, final Map<String, Object> body) throws IOException {
        final byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
