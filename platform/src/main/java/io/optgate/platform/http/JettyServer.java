package io.optgate.platform.http;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Jetty parts behind {@link HttpApi}: a bounded thread pool and task queue, one HTTP/1.1
 * connector with a connection limit, head, body and idle timeouts, and the handler chain
 * graceful shutdown → body size limit → {@link ApiHandler}.
 */
final class JettyServer {

    /** Accepting and selecting take one thread each; two cores are the norm here. */
    private static final int ACCEPTORS = 1;
    private static final int SELECTORS = 1;
    /** Connections beyond the limit make Jetty close idle ones this soon. */
    private static final long IDLE_TIMEOUT_AT_LIMIT_MILLIS = 1_000;

    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private int localPort = -1;

    JettyServer(final InetSocketAddress address, final Router router, final ApiKeys apiKeys, final JsonCodec json,
                final ServerLimits limits) {
        // The task queue is Jetty's unbounded one, as Jetty requires: it is bounded in effect by the
        // connection limit, since an HTTP/1.1 connection has at most one request at a time.
        final QueuedThreadPool threads = new QueuedThreadPool(limits.threads() + ACCEPTORS + SELECTORS,
                Math.min(4, limits.threads()), 60_000);
        threads.setName("optgate-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        final ScheduledExecutorScheduler timers = new ScheduledExecutorScheduler("optgate-http-timer", true);
        this.server = new Server(threads, timers, null);
        server.setStopAtShutdown(false);

        final HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(ServerLimits.MAX_HEAD_BYTES);
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        // The router splits the raw path itself and decodes each segment alone, so %2F inside a
        // client id is not ambiguous here.
        http.setUriCompliance(UriCompliance.DEFAULT.with("optgate",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT));
        this.connector = new ServerConnector(server, ACCEPTORS, SELECTORS, new HttpConnectionFactory(http));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        final HeadDeadline headDeadline = new HeadDeadline(timers, limits.headerTimeout());
        connector.addBean(headDeadline);
        server.addConnector(connector);

        final NetworkConnectionLimit connections = new NetworkConnectionLimit(limits.maxConnections(), connector);
        connections.setEndPointIdleTimeout(IDLE_TIMEOUT_AT_LIMIT_MILLIS);
        server.addBean(connections);

        final SizeLimitHandler size = new SizeLimitHandler(limits.maxBodyBytes(), -1);
        size.setHandler(new ApiHandler(router, apiKeys, json, limits, headDeadline));
        this.graceful = new GracefulHandler(size);
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler(json, limits.maxBodyBytes()));
    }

    /** Binds and starts; an {@link IOException} when the port cannot be bound. */
    void start() throws IOException {
        try {
            server.start();
            localPort = connector.getLocalPort();
        } catch (final Exception e) {
            try {
                server.stop();
            } catch (final Exception ignored) {
                // Nothing was serving yet.
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** The bound port, also after a stop. */
    int localPort() {
        return localPort;
    }

    /** Stops accepting, lets running requests finish within {@code grace}, then closes; true when none was cut off. */
    boolean stop(final Duration grace) {
        boolean drained;
        closePort();
        try {
            // Idle keep-alive connections are not waited for; only requests being handled are.
            graceful.shutdown().get(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
            drained = true;
        } catch (final TimeoutException | ExecutionException e) {
            drained = false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        server.setStopTimeout(0);
        try {
            server.stop();
        } catch (final Exception e) {
            return false;
        }
        return drained;
    }

    /** New clients are refused at once rather than left waiting in the backlog of a stopping server. */
    private void closePort() {
        try {
            connector.close();
        } catch (final RuntimeException e) {
            connector.shutdown();
        }
    }
}
