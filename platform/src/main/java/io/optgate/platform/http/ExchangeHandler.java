package io.optgate.platform.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Handles every exchange: route, authenticate, read the (bounded) body, call the handler, and
 * write the answer. Every failure becomes an {@code {"error","message"}} answer; unexpected ones
 * are logged with an incident id that is the only thing the caller sees.
 */
final class ExchangeHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<Integer> NO_BODY_STATUSES = Set.of(204, 304);

    private final Router router;
    private final ApiKeys apiKeys;
    private final JsonCodec json;
    private final int maxBodyBytes;
    private final InFlight inFlight = new InFlight();
    private volatile boolean stopping;

    ExchangeHandler(final Router router, final ApiKeys apiKeys, final JsonCodec json, final int maxBodyBytes) {
        this.router = router;
        this.apiKeys = apiKeys;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(final HttpExchange exchange) {
        inFlight.enter();
        final long started = System.nanoTime();
        try (exchange) {
            final Response response = respond(exchange);
            write(exchange, response);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} -> {} in {} ms", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        response.status(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (final IOException e) {
            LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
        } finally {
            inFlight.exit();
        }
    }

    /** Refuse new exchanges from now on, and wait (bounded) for running ones; true when none is left. */
    boolean drain(final Duration timeout) throws InterruptedException {
        stopping = true;
        return inFlight.awaitIdle(timeout);
    }

    private Response respond(final HttpExchange exchange) {
        try {
            if (stopping) {
                throw ApiException.serviceUnavailable("SHUTTING_DOWN", "the server is shutting down", Duration.ofSeconds(1));
            }
            return dispatch(exchange);
        } catch (final ApiException e) {
            return Response.error(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(ApiException.serviceUnavailable("INTERRUPTED",
                    "the request was interrupted; try again", Duration.ofSeconds(1)));
        } catch (final Exception e) {
            return internalError(exchange, e);
        }
    }

    private Response dispatch(final HttpExchange exchange) throws Exception {
        final String rawPath = exchange.getRequestURI().getRawPath();
        final Router.Match match = router.match(exchange.getRequestMethod(), rawPath);
        if (match instanceof Router.NotFound) {
            throw ApiException.notFound("NOT_FOUND", "no such resource");
        }
        if (match instanceof Router.MethodNotAllowed notAllowed) {
            final String allow = notAllowed.allowed().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            throw new ApiException(405, "METHOD_NOT_ALLOWED",
                    exchange.getRequestMethod() + " is not allowed here; allowed: " + allow, Map.of("Allow", allow));
        }
        final Router.Found found = (Router.Found) match;
        final Principal principal = authenticate(found, exchange);
        final Request request = Request.builder(found.route().method(), rawPath)
                .rawQuery(exchange.getRequestURI().getRawQuery())
                .pathParameters(found.parameters())
                .headers(exchange.getRequestHeaders())
                .body(readBody(exchange))
                .principal(principal)
                .json(json)
                .build();
        final Response response = found.route().handler().handle(request);
        if (response == null) {
            throw new IllegalStateException("handler of " + found.route() + " returned no response");
        }
        return response;
    }

    private Principal authenticate(final Router.Found found, final HttpExchange exchange) {
        if (found.route().access() == Access.PUBLIC) {
            return new Principal.Anonymous();
        }
        final Principal principal;
        if (apiKeys.enabled()) {
            final String header = exchange.getRequestHeaders().getFirst("Authorization");
            principal = apiKeys.authenticate(header).orElseThrow(() -> ApiException.unauthorized(
                    header == null ? "an Authorization: Bearer <key> header is required" : "unknown API key"));
        } else {
            principal = new Principal.AuthDisabled();
        }
        final String tenantId = found.parameters().get(Route.TENANT_PARAMETER);
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw ApiException.unprocessable("INVALID_TENANT_ID",
                    "a tenant id is 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        if (!principal.mayAccess(tenantId)) {
            throw ApiException.forbidden("this key may not access tenant " + tenantId);
        }
        return principal;
    }

    private byte[] readBody(final HttpExchange exchange) throws IOException {
        final String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (final NumberFormatException e) {
                throw ApiException.badRequest("BAD_CONTENT_LENGTH", "Content-Length is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "PAYLOAD_TOO_LARGE",
                "the request body is larger than " + maxBodyBytes + " bytes", Map.of("Connection", "close"));
    }

    private static Response internalError(final HttpExchange exchange, final Exception failure) {
        final String incident = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
        LOG.error("Incident {}: {} {} failed", incident, exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), failure);
        return Response.error(new ApiException(500, "INTERNAL_ERROR", "unexpected error, incident " + incident));
    }

    private void write(final HttpExchange exchange, final Response response) throws IOException {
        byte[] bytes;
        String contentType;
        Response answer = response;
        try {
            final Response.Body body = answer.body();
            if (body instanceof Response.JsonValue value) {
                bytes = json.write(value.value());
                contentType = Json.CONTENT_TYPE;
            } else if (body instanceof Response.Bytes raw) {
                bytes = raw.bytes();
                contentType = raw.contentType();
            } else {
                bytes = new byte[0];
                contentType = null;
            }
        } catch (final RuntimeException e) {
            answer = internalError(exchange, e);
            bytes = json.write(((Response.JsonValue) answer.body()).value());
            contentType = Json.CONTENT_TYPE;
        }
        for (final Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        if (bytes.length == 0 || NO_BODY_STATUSES.contains(answer.status())) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
