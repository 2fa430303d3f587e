package io.optgate.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** A point in time to poll until; the harness's only way of waiting (public for the fault suite). */
public final class Deadline {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration MIN_CALL = Duration.ofSeconds(10);

    private final Duration timeout;
    private final long endNanos;

    private Deadline(final Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline after(final Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return new Deadline(timeout);
    }

    /** The timeout it was made with. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** Time left, at least 1 ms so that it can always be handed to a client call. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(endNanos - System.nanoTime(), Duration.ofMillis(1).toNanos()));
    }

    long remainingMillis() {
        return remaining().toMillis();
    }

    /**
     * Time one client call may take: what is left, but never less than {@link #MIN_CALL}, so that
     * on a loaded machine the last poll still gets a real answer instead of a client time-out.
     */
    long callMillis() {
        return Math.max(remainingMillis(), MIN_CALL.toMillis());
    }

    /**
     * Polls {@code problem} (a description of what is not ready yet, empty once all is) every poll
     * interval until it is empty or this deadline has passed.
     *
     * @return empty when it got ready, else the last problem seen
     */
    String pollUntilNone(final Supplier<String> problem) {
        String last;
        do {
            last = problem.get();
            if (last.isEmpty()) {
                return last;
            }
            pause();
        } while (!expired());
        return last;
    }

    /** Waits one poll interval (less if the deadline is closer). */
    public void pause() {
        final long nanos = Math.min(POLL_INTERVAL.toNanos(), Math.max(endNanos - System.nanoTime(), 0));
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }
}
