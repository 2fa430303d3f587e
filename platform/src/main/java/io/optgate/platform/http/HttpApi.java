package io.optgate.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP server of an optgate process, on Jetty: the routes of one or more apps on one port,
 * API-key authentication per the contract, JSON errors, and limits ({@link ServerLimits}) so that
 * slow or many clients cannot silence it.
 *
 * <pre>{@code
 * HttpApi api = HttpApi.builder()
 *     .port(common.httpPort())
 *     .apiKeys(common.apiKeys())
 *     .routes(consentRoutes)
 *     .routes(OpsRoutes.create(metrics, runner))
 *     .build()
 *     .start();
 * ...
 * api.stop(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>With no API keys, authentication is off and the server listens on 127.0.0.1 only.
 */
public final class HttpApi implements AutoCloseable {

    /** Default port, as {@code OPTGATE_HTTP_PORT}. */
    public static final int DEFAULT_PORT = 8080;
    /** Default number of request threads. */
    public static final int DEFAULT_THREADS = 32;
    /** Default request body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default limit of open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Default time a client has to send a request head. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a client has to send a request body. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Default time a silent connection stays open. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default grace period of {@link #close()}. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final InetSocketAddress requestedAddress;
    private final boolean authenticationOn;
    private final int routeCount;
    private final JettyServer server;
    private boolean started;
    private boolean stopped;

    private HttpApi(final Builder builder, final InetAddress bindAddress) {
        final List<Route> routes = new ArrayList<>();
        builder.routes.forEach(group -> routes.addAll(group.asList()));
        this.requestedAddress = new InetSocketAddress(bindAddress, builder.port);
        this.authenticationOn = builder.apiKeys.enabled();
        this.routeCount = routes.size();
        final ServerLimits limits = new ServerLimits(builder.threads, builder.maxConnections, builder.maxBodyBytes,
                builder.headerTimeout, builder.bodyTimeout,
                builder.idleTimeout);
        this.server = new JettyServer(requestedAddress, new Router(routes), builder.apiKeys,
                new JsonCodec(builder.objectMapper), limits);
    }

    /** A new builder; see the class comment for the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized HttpApi start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        if (!authenticationOn) {
            LOG.warn("{} is not set: authentication is off and the HTTP server listens on {} only",
                    ApiKeys.VARIABLE, requestedAddress.getAddress().getHostAddress());
        }
        try {
            server.start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot listen on " + requestedAddress, e);
        }
        LOG.info("HTTP server listening on {} with {} routes", address(), routeCount);
        return this;
    }

    /** The bound address (the real port when 0 was asked for). */
    public synchronized InetSocketAddress address() {
        if (!started) {
            throw new IllegalStateException("not started");
        }
        return new InetSocketAddress(requestedAddress.getAddress(), server.localPort());
    }

    /** The bound port. */
    public int port() {
        return address().getPort();
    }

    /** {@code http://<bound host>:<port>}, for clients in tests and logs. */
    public URI baseUri() {
        final InetSocketAddress address = address();
        final String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /**
     * Stops gracefully: the port stops accepting, new requests on open connections get 503
     * {@code SHUTTING_DOWN}, running ones get up to {@code grace} to finish, then every
     * connection closes. Idempotent.
     */
    public synchronized void stop(final Duration grace) {
        if (!started || stopped) {
            return;
        }
        final InetSocketAddress bound = address();
        stopped = true;
        final boolean drained = server.stop(grace);
        LOG.info("HTTP server on {} stopped{}", bound,
                drained ? "" : " before every running request finished (grace " + grace + ")");
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_STOP_GRACE}. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_GRACE);
    }

    /** Configures an {@link HttpApi}. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private ApiKeys apiKeys = ApiKeys.disabled();
        private String bindHost;
        private int threads = DEFAULT_THREADS;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private ObjectMapper objectMapper = Json.newObjectMapper();
        private final List<Routes> routes = new ArrayList<>();

        private Builder() {
        }

        /** The port; 0 picks a free one. Default {@value HttpApi#DEFAULT_PORT}. */
        public Builder port(final int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("not a port: " + value);
            }
            this.port = value;
            return this;
        }

        /** The API keys; default none (authentication off, loopback only). */
        public Builder apiKeys(final ApiKeys keys) {
            this.apiKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The address to listen on. Default: every interface when API keys are set, 127.0.0.1
         * when not. Without API keys only a loopback address is accepted.
         */
        public Builder bindHost(final String host) {
            this.bindHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Open connections at most; default {@value HttpApi#DEFAULT_MAX_CONNECTIONS}. Beyond it the
         * server stops accepting (new clients wait in the backlog) and idle connections are closed
         * sooner, until the count drops.
         */
        public Builder maxConnections(final int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = count;
            return this;
        }

        /** Time to send a whole request head, from connecting or from the previous answer; default 10 s. */
        public Builder headerTimeout(final Duration timeout) {
            this.headerTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Time to send a whole request body; default 30 s, then 408 {@code REQUEST_TIMEOUT}. */
        public Builder bodyTimeout(final Duration timeout) {
            this.bodyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Time a connection may stay silent; default 30 s. */
        public Builder idleTimeout(final Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Request threads; default {@value HttpApi#DEFAULT_THREADS}. */
        public Builder threads(final int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = count;
            return this;
        }

        /** Largest accepted request body; default 1 MiB. Larger: 413 {@code PAYLOAD_TOO_LARGE}. */
        public Builder maxBodyBytes(final int bytes) {
            if (bytes < 0 || bytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxBodyBytes out of range: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The JSON mapper; default {@link Json#newObjectMapper()}. */
        public Builder objectMapper(final ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Adds an app's routes; call once per app. */
        public Builder routes(final Routes group) {
            this.routes.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /**
         * The server, not yet started.
         *
         * @throws IllegalArgumentException when two routes have the same method and path shape,
         *     or a limit is out of range
         * @throws IllegalStateException when authentication is off and a non-loopback address was asked for
         */
        public HttpApi build() {
            return new HttpApi(this, resolveBindAddress());
        }

        private InetAddress resolveBindAddress() {
            try {
                if (bindHost == null) {
                    return apiKeys.enabled() ? new InetSocketAddress(0).getAddress() : InetAddress.getByName("127.0.0.1");
                }
                final InetAddress address = InetAddress.getByName(bindHost);
                if (!apiKeys.enabled() && !address.isLoopbackAddress()) {
                    throw new IllegalStateException("authentication is off (" + ApiKeys.VARIABLE
                            + " unset): the server may listen on a loopback address only, not " + bindHost);
                }
                return address;
            } catch (final UnknownHostException e) {
                throw new IllegalArgumentException("unknown bind host " + bindHost, e);
            }
        }
    }
}
