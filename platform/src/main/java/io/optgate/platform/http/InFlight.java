package io.optgate.platform.http;

import java.time.Duration;

/** Counts exchanges being handled, so that a stop can wait for them to finish (bounded). */
final class InFlight {

    private int active;

    synchronized void enter() {
        active++;
    }

    synchronized void exit() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    /** Waits until no exchange is active or {@code timeout} passed; true when idle. */
    synchronized boolean awaitIdle(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (active > 0) {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            final long millis = Math.max(1, remaining / 1_000_000);
            wait(millis);
        }
        return true;
    }

    synchronized int active() {
        return active;
    }
}
