package io.optgate.platform.runner;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * Decides what happens when a stream thread dies: a retriable failure (a Kafka
 * {@link RetriableException} anywhere in the cause chain, such as an unreachable Schema Registry,
 * or whatever the app adds) replaces the thread; anything else shuts this instance down, so that
 * the orchestrator restarts it and the failure is not hidden. Replacements are budgeted: more than
 * {@code maxReplacements} within {@code window} also shuts down, so a persistent outage does not
 * spin forever. Each failure is logged once, with its cause.
 */
public final class StreamsFailureHandler implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsFailureHandler.class);

    private final String appName;
    private final Predicate<Throwable> retriable;
    private final int maxReplacements;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> recentReplacements = new ArrayDeque<>();

    /**
     * @param appName for the log lines
     * @param extraRetriable failures the app also treats as retriable, tested against every cause in the chain
     * @param maxReplacements replacements allowed within {@code window}
     * @param window the replacement budget's window
     * @param clock the time source
     */
    public StreamsFailureHandler(final String appName, final Predicate<Throwable> extraRetriable,
                                 final int maxReplacements, final Duration window, final Clock clock) {
        this.appName = appName;
        this.retriable = extraRetriable.or(RetriableException.class::isInstance);
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(final Throwable failure) {
        if (!isRetriable(failure)) {
            LOG.error("{}: stream thread failed with a non-retriable error, shutting this instance down: {}",
                    appName, describe(failure), failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        final Instant now = clock.instant();
        while (!recentReplacements.isEmpty() && recentReplacements.peekFirst().isBefore(now.minus(window))) {
            recentReplacements.removeFirst();
        }
        if (recentReplacements.size() >= maxReplacements) {
            LOG.error("{}: stream thread failed with a retriable error after {} thread replacements within {}, "
                    + "shutting this instance down: {}", appName, recentReplacements.size(), window, describe(failure), failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recentReplacements.addLast(now);
        LOG.warn("{}: stream thread failed with a retriable error, replacing it ({} of {} allowed within {}): {}",
                appName, recentReplacements.size(), maxReplacements, window, describe(failure));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private boolean isRetriable(final Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 32; depth++) {
            if (retriable.test(cause)) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    /** The outermost failure and its root cause, class and message, on one line. */
    static String describe(final Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        final String outer = failure.getClass().getName() + ": " + failure.getMessage();
        return root == failure ? outer : outer + " (caused by " + root.getClass().getName() + ": " + root.getMessage() + ")";
    }
}
