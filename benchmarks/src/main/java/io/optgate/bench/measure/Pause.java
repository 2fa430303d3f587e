package io.optgate.bench.measure;

/** The one way the benchmark waits between two checks of a bounded polling loop. */
public final class Pause {

    private Pause() {
    }

    /**
     * Sleeps {@code millis} ms.
     *
     * @throws IllegalStateException when interrupted (the interrupt flag is kept)
     */
    public static void millis(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
