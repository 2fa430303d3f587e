package io.optgate.bench.measure;

import java.util.Arrays;

/**
 * Percentiles of a set of durations (nearest-rank: p99 of 100 values is the 99th smallest).
 *
 * @param count how many values
 * @param p50Ms median, in milliseconds
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param maxMs largest value
 */
public record Percentiles(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    /** Percentiles of {@code nanos} (not modified); all zero for no values. */
    public static Percentiles ofNanos(final long[] nanos) {
        if (nanos.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, ms(rank(sorted, 50)), ms(rank(sorted, 95)), ms(rank(sorted, 99)),
                ms(sorted[sorted.length - 1]));
    }

    private static long rank(final long[] sorted, final int percentile) {
        final int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(final long nanos) {
        return nanos / 1_000_000.0;
    }
}
