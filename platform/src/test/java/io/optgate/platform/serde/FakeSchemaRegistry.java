package io.optgate.platform.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An HTTP server on loopback that answers like Confluent Schema Registry, from a script: each request
 * takes the next scripted answer, and when the script is used up the standing answer (404 by default).
 * It records every request so tests can check what the client sent.
 */
final class FakeSchemaRegistry implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String rawPath, String contentType, String accept, String authorization, String body) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private Answer standing = new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");

    FakeSchemaRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The next request gets this answer (answers are used in the order scripted). */
    synchronized FakeSchemaRegistry answer(final int status, final String json) {
        script.addLast(new Answer(status, json));
        return this;
    }

    /** Every request after the script is used up gets this answer. */
    synchronized FakeSchemaRegistry answerFromNowOn(final int status, final String json) {
        standing = new Answer(status, json);
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** A loopback URL where nothing listens. */
    static String closedUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Answer answer;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
            answer = script.isEmpty() ? standing : script.removeFirst();
        }
        final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
