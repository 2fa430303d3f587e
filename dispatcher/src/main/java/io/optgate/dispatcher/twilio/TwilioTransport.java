package io.optgate.dispatcher.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * twilio-java's HTTP client with the two changes the sender needs, everything else being the SDK's
 * own {@link NetworkHttpClient}:
 * <ul>
 *   <li>exactly one attempt per call: the SDK's {@code reliableRequest} retries every 5xx three
 *       times 100 ms apart, POST /Messages included, and Apache HttpClient's default retry strategy
 *       repeats a POST answered 429 or 503; either can send a text twice and bypasses the sender's
 *       pacing and ledger, so both are switched off and the sender's {@code RetryPolicy} decides;</li>
 *   <li>an optional base URL ({@code TWILIO_API_BASE_URL}): the SDK always builds
 *       {@code https://<domain>.twilio.com/...}; requests are sent to the base's scheme, host and
 *       port instead, with the base's path (if any) put in front of Twilio's path.</li>
 * </ul>
 * The last response seen on the calling thread is kept for the caller, because the SDK's exceptions
 * do not carry response headers (Retry-After) nor the status of a body it could not parse.
 *
 * <p>Each attempt is timed as {@value #REQUEST_TIMER} ({@code optgate_twilio_request_seconds}), tagged
 * {@code outcome}: the answer's status class ({@code 2xx}, {@code 4xx}, {@code 5xx}, ...) or
 * {@code io_error} when no answer came (refused connection, timeout, closed connection).
 */
final class TwilioTransport extends NetworkHttpClient {

    /** The Micrometer timer of one HTTP attempt to Twilio. */
    static final String REQUEST_TIMER = "optgate.twilio.request";

    private final Optional<URI> baseUrl;
    private final MeterRegistry meters;
    private final ThreadLocal<Response> lastResponse = new ThreadLocal<>();

    /**
     * @param baseUrl         where to send requests instead of Twilio's own hosts; empty for Twilio itself
     * @param connectTimeout  how long to wait for a connection (the SDK's default is 10 s)
     * @param responseTimeout how long to wait for an answer once the request is sent (SDK: 30 s)
     * @param maxConnections  connections kept to Twilio, at least the sender's concurrency
     * @param meters          where each attempt's {@value #REQUEST_TIMER} is recorded
     */
    TwilioTransport(final Optional<URI> baseUrl, final Duration connectTimeout, final Duration responseTimeout,
                    final int maxConnections, final MeterRegistry meters) {
        super(HttpClientBuilder.create()
                .useSystemProperties()
                .disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(SocketConfig.custom()
                                .setSoTimeout(Timeout.of(responseTimeout))
                                .setSoKeepAlive(true)
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .build())
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .build()));
        this.baseUrl = baseUrl;
        this.meters = meters;
    }

    @Override
    public Response reliableRequest(final Request request) {
        return once(request);
    }

    @Override
    public Response reliableRequest(final Request request, final int[] retryCodes, final int retries,
                                    final long delayMillis) {
        return once(request);
    }

    @Override
    public Response makeRequest(final Request request) {
        return super.makeRequest(baseUrl.<Request>map(base -> new RebasedRequest(request, base)).orElse(request));
    }

    /** Closes the connection pool. */
    void close() {
        try {
            client.close();
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The response of this thread's last call, if the call got one; cleared by reading it. */
    Optional<Response> takeLastResponse() {
        final Response response = lastResponse.get();
        lastResponse.remove();
        return Optional.ofNullable(response);
    }

    private Response once(final Request request) {
        lastResponse.remove();
        final Timer.Sample sample = Timer.start(meters);
        String outcome = "io_error";
        try {
            final Response response = makeRequest(request);
            outcome = statusClass(response.getStatusCode());
            lastResponse.set(response);
            return response;
        } finally {
            sample.stop(Timer.builder(REQUEST_TIMER)
                    .description("One HTTP attempt to Twilio's API, by outcome (status class or io_error)")
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }

    /** {@code 2xx}, {@code 4xx}, ... for an HTTP status; {@code other} for anything outside 100-599. */
    static String statusClass(final int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }

    /** The SDK's request, unchanged but for the URL it is sent to. */
    private static final class RebasedRequest extends Request {

        private final Request original;
        private final URI base;

        RebasedRequest(final Request original, final URI base) {
            super(original.getMethod(), original.getUrl());
            this.original = original;
            this.base = base;
            if (original.getAuthStrategy() != null) {
                setAuth(original.getAuthStrategy());
            } else if (original.getUsername() != null) {
                setAuth(original.getUsername(), original.getPassword());
            }
            copy(original.getPostParams(), this::addPostParam);
            copy(original.getQueryParams(), this::addQueryParam);
            copy(original.getHeaderParams(), this::addHeaderParam);
            setContentType(original.getContentType());
            if (original.getBody() != null) {
                setBody(original.getBody());
            }
            if (original.getFormParameters() != null) {
                setFormParameters(original.getFormParameters());
            }
            if (original.getUserAgentExtensions() != null) {
                setUserAgentExtensions(original.getUserAgentExtensions());
            }
        }

        @Override
        public URL constructURL() {
            final URL twilioUrl = original.constructURL();
            final String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            final String query = twilioUrl.getQuery() == null ? "" : "?" + twilioUrl.getQuery();
            try {
                return new URI(base.getScheme() + "://" + base.getRawAuthority() + basePath + twilioUrl.getPath() + query)
                        .toURL();
            } catch (final URISyntaxException | MalformedURLException e) {
                throw new IllegalStateException("TWILIO_API_BASE_URL does not combine with " + twilioUrl.getPath(), e);
            }
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof RebasedRequest rebased && rebased.original.equals(original)
                    && rebased.base.equals(base);
        }

        @Override
        public int hashCode() {
            return original.hashCode() * 31 + base.hashCode();
        }

        private static void copy(final Map<String, List<String>> from, final java.util.function.BiConsumer<String, String> to) {
            if (from != null) {
                from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
            }
        }
    }
}
