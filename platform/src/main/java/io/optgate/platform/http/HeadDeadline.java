package io.optgate.platform.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not sent a whole request head within the head timeout, counted
 * from its opening and again from each answer. Jetty's idle timeout alone lets a client that
 * trickles one byte now and then hold a connection for ever; this bounds the head. (Jetty counts
 * a request in {@link Connection#getMessagesIn()} once its head has been parsed.)
 */
final class HeadDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long timeoutMillis;

    HeadDeadline(final Scheduler scheduler, final Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(final Connection connection) {
        arm(connection);
    }

    /** Starts the clock for the next request head on {@code connection}. */
    void arm(final Connection connection) {
        final long requestsSoFar = connection.getMessagesIn();
        scheduler.schedule(() -> {
            if (connection.getMessagesIn() == requestsSoFar && connection.getEndPoint().isOpen()) {
                connection.getEndPoint().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
