package io.optgate.platform.http;

import io.optgate.platform.contract.Identifiers;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The one Jetty handler: route, authenticate, read the body without holding a thread while it
 * arrives (bounded in size by Jetty's size limit and in time by the body timeout), call the
 * route's handler on a request thread and write the answer. Every failure becomes an
 * {@code {"error","message"}} answer; unexpected ones are logged with an incident id that is the
 * only thing the caller sees.
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Set<Integer> NO_BODY_STATUSES = Set.of(204, 304);

    private final Router router;
    private final ApiKeys apiKeys;
    private final JsonCodec json;
    private final ServerLimits limits;
    private final HeadDeadline headDeadline;
    private volatile Executor requestThreads;

    ApiHandler(final Router router, final ApiKeys apiKeys, final JsonCodec json, final ServerLimits limits,
               final HeadDeadline headDeadline) {
        this.router = router;
        this.apiKeys = apiKeys;
        this.json = json;
        this.limits = limits;
        this.headDeadline = headDeadline;
    }

    @Override
    protected void doStart() throws Exception {
        requestThreads = getServer().getThreadPool();
        super.doStart();
    }

    @Override
    public boolean handle(final org.eclipse.jetty.server.Request exchange, final org.eclipse.jetty.server.Response out,
                          final Callback callback) {
        final Callback done = armingTheNextHead(exchange.getConnectionMetaData().getConnection(), callback);
        final Router.Found found;
        final Principal principal;
        try {
            found = route(exchange);
            principal = authenticate(found, exchange);
        } catch (final ApiException e) {
            // Answered before the body was read: the connection cannot be reused for the next request.
            final boolean unreadBody = exchange.getLength() != 0;
            write(exchange, out, done, unreadBody ? Response.error(e).withHeader("Connection", "close") : Response.error(e));
            return true;
        }
        final CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(exchange, limits.maxBodyBytes())
                .orTimeout(limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (body.isDone()) {
            answer(exchange, out, done, found, principal, body);
        } else {
            // The body is still on its way: no thread waits for it; the answer runs on a request thread.
            body.whenComplete((bytes, failure) -> {
                try {
                    requestThreads.execute(() -> answer(exchange, out, done, found, principal, body));
                } catch (final RejectedExecutionException overloaded) {
                    write(exchange, out, done, Response.error(ApiException.serviceUnavailable("OVERLOADED",
                            "the server is busy; try again", Duration.ofSeconds(1))));
                }
            });
        }
        return true;
    }

    /**
     * The exchange's callback, starting the next request head's deadline just before the answer
     * completes (after it, Jetty may already be reading the next request on the connection).
     */
    private Callback armingTheNextHead(final Connection connection, final Callback callback) {
        return new Callback() {
            @Override
            public void succeeded() {
                headDeadline.arm(connection);
                callback.succeeded();
            }

            @Override
            public void failed(final Throwable failure) {
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
    }

    private void answer(final org.eclipse.jetty.server.Request exchange, final org.eclipse.jetty.server.Response out,
                        final Callback done, final Router.Found found, final Principal principal,
                        final CompletableFuture<byte[]> body) {
        final long started = System.nanoTime();
        Response response;
        try {
            final HttpURI uri = exchange.getHttpURI();
            final Request request = Request.builder(found.route().method(), uri.getPath())
                    .rawQuery(uri.getQuery())
                    .pathParameters(found.parameters())
                    .headers(headers(exchange))
                    .body(read(body))
                    .principal(principal)
                    .json(json)
                    .build();
            response = found.route().handler().handle(request);
            if (response == null) {
                throw new IllegalStateException("handler of " + found.route() + " returned no response");
            }
        } catch (final ApiException e) {
            response = Response.error(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            response = Response.error(ApiException.serviceUnavailable("INTERRUPTED",
                    "the request was interrupted; try again", Duration.ofSeconds(1)));
        } catch (final Exception e) {
            response = internalError(exchange, e);
        }
        write(exchange, out, done, response);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", exchange.getMethod(), exchange.getHttpURI().getPath(),
                    response.status(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private Router.Found route(final org.eclipse.jetty.server.Request exchange) {
        final Router.Match match = router.match(exchange.getMethod(), exchange.getHttpURI().getPath());
        if (match instanceof Router.NotFound) {
            throw ApiException.notFound("NOT_FOUND", "no such resource");
        }
        if (match instanceof Router.MethodNotAllowed notAllowed) {
            final String allow = notAllowed.allowed().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            throw new ApiException(405, "METHOD_NOT_ALLOWED",
                    exchange.getMethod() + " is not allowed here; allowed: " + allow, Map.of("Allow", allow));
        }
        return (Router.Found) match;
    }

    private Principal authenticate(final Router.Found found, final org.eclipse.jetty.server.Request exchange) {
        final Access access = found.route().access();
        if (access == Access.PUBLIC) {
            return new Principal.Anonymous();
        }
        final Principal principal;
        if (apiKeys.enabled()) {
            final String header = exchange.getHeaders().get(HttpHeader.AUTHORIZATION);
            principal = apiKeys.authenticate(header).orElseThrow(() -> ApiException.unauthorized(
                    header == null ? "an Authorization: Bearer <key> header is required" : "unknown API key"));
        } else {
            principal = new Principal.AuthDisabled();
        }
        if (!principal.mayCall(access)) {
            throw ApiException.forbidden(switch (access) {
                case SUPPORT -> "this route needs a support key";
                case METRICS -> "this route needs the metrics key or a support key";
                case TENANT, PUBLIC -> "this key may not call practice routes";
            });
        }
        if (access == Access.TENANT) {
            final String tenantId = found.parameters().get(Route.TENANT_PARAMETER);
            if (!Identifiers.isValidId(tenantId)) {
                throw ApiException.unprocessable("INVALID_TENANT_ID", Request.invalidIdMessage("practice"));
            }
            if (!principal.mayAccess(tenantId)) {
                throw ApiException.forbidden("this key may not access tenant " + tenantId);
            }
        }
        return principal;
    }

    private byte[] read(final CompletableFuture<byte[]> body) {
        try {
            return body.join();
        } catch (final CompletionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new ApiException(408, "REQUEST_TIMEOUT", "the request body did not arrive within "
                        + limits.bodyTimeout().toSeconds() + " s", Map.of("Connection", "close"));
            }
            if (cause instanceof HttpException http && http.getCode() == 413 || cause instanceof IllegalArgumentException) {
                throw new ApiException(413, "PAYLOAD_TOO_LARGE",
                        "the request body is larger than " + limits.maxBodyBytes() + " bytes", Map.of("Connection", "close"));
            }
            throw new ApiException(400, "BAD_BODY", "the request body could not be read", Map.of("Connection", "close"));
        }
    }

    private static Map<String, List<String>> headers(final org.eclipse.jetty.server.Request exchange) {
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        for (final HttpField field : exchange.getHeaders()) {
            headers.computeIfAbsent(field.getName(), ignored -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }

    private static Response internalError(final org.eclipse.jetty.server.Request exchange, final Exception failure) {
        final String incident = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
        LOG.error("Incident {}: {} {} failed", incident, exchange.getMethod(), exchange.getHttpURI().getPath(), failure);
        return Response.error(new ApiException(500, "INTERNAL_ERROR", "unexpected error, incident " + incident));
    }

    private void write(final org.eclipse.jetty.server.Request exchange, final org.eclipse.jetty.server.Response out,
                       final Callback done, final Response response) {
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
        out.setStatus(answer.status());
        answer.headers().forEach((name, values) -> values.forEach(value -> out.getHeaders().add(name, value)));
        if (contentType != null) {
            out.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        if (bytes.length == 0 || NO_BODY_STATUSES.contains(answer.status())) {
            out.write(true, null, done);
            return;
        }
        out.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        out.write(true, ByteBuffer.wrap(bytes), done);
    }
}
