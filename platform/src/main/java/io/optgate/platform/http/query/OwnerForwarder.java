package io.optgate.platform.http.query;

import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends a request on, unchanged (method, path, query, body, Authorization, Content-Type, Accept),
 * to the instance that owns the key, and returns that instance's answer unchanged. Marks the
 * forwarded request with {@value #FORWARDED_HEADER} so that it is never forwarded twice.
 */
public final class OwnerForwarder {

    /** Set on forwarded requests; a request carrying it is never forwarded again. */
    public static final String FORWARDED_HEADER = "X-Optgate-Forwarded";
    /** Default of the forwarding timeout: longer than the API's own bounded waits (5 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(OwnerForwarder.class);
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept");
    private static final List<String> ANSWER_HEADERS = List.of("Retry-After", "Allow", "WWW-Authenticate", "Location");
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param client the client (never follows redirects, so a forwarded answer is passed on as is)
     * @param timeout how long to wait for the owner's whole answer
     */
    public OwnerForwarder(final HttpClient client, final Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A forwarder with its own HTTP client and {@link #DEFAULT_TIMEOUT}. */
    public static OwnerForwarder create() {
        return create(DEFAULT_TIMEOUT);
    }

    /** A forwarder with its own HTTP client and the given timeout. */
    public static OwnerForwarder create(final Duration timeout) {
        return new OwnerForwarder(HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build(), timeout);
    }

    /**
     * The owner's answer to {@code request}.
     *
     * @throws ApiException 503 {@code OWNER_UNREACHABLE} (with Retry-After) when the owner cannot
     *     be reached, 504 {@code OWNER_TIMEOUT} when it does not answer in time
     */
    public Response forward(final Request request, final HostInfo owner) throws InterruptedException {
        return forward(request, owner, Map.of());
    }

    /** As {@link #forward(Request, HostInfo)}, with {@code extraHeaders} set on the forwarded request. */
    public Response forward(final Request request, final HostInfo owner, final Map<String, String> extraHeaders)
            throws InterruptedException {
        final URI target = URI.create("http://" + hostForUri(owner.host()) + ":" + owner.port() + request.pathAndQuery());
        final byte[] body = request.body();
        final HttpRequest.Builder outgoing = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .method(request.method().name(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(FORWARDED_HEADER, "1");
        for (final String name : REQUEST_HEADERS) {
            request.header(name).ifPresent(value -> outgoing.header(name, value));
        }
        extraHeaders.forEach(outgoing::header);
        final HttpResponse<byte[]> answer;
        try {
            answer = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (final HttpTimeoutException e) {
            LOG.warn("Owner {} did not answer {} within {}", owner, request, timeout);
            throw ApiException.gatewayTimeout("OWNER_TIMEOUT", "the instance holding this data did not answer in time");
        } catch (final IOException e) {
            LOG.warn("Owner {} unreachable for {}: {}", owner, request, e.toString());
            throw ApiException.serviceUnavailable("OWNER_UNREACHABLE",
                    "the instance holding this data cannot be reached; try again", RETRY_AFTER);
        }
        return toResponse(answer);
    }

    private static Response toResponse(final HttpResponse<byte[]> answer) {
        final byte[] bytes = answer.body();
        Response response = bytes.length == 0
                ? Response.empty(answer.statusCode())
                : Response.bytes(answer.statusCode(),
                        answer.headers().firstValue("Content-Type").orElse("application/octet-stream"), bytes);
        for (final String name : ANSWER_HEADERS) {
            for (final String value : answer.headers().allValues(name)) {
                response = response.withHeader(name, value);
            }
        }
        return response;
    }

    private static String hostForUri(final String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
