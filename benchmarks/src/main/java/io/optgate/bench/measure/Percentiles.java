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

    /** The percentiles a latency curve is drawn through: every whole one, then the tail. */
    public static final double[] CURVE_AT = curvePoints();

    /** The value at each of {@link #CURVE_AT} of {@code nanos} (not modified), in milliseconds; empty for no values. */
    public static double[] curveMs(final long[] nanos) {
        if (nanos.length == 0) {
            return new double[0];
        }
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        final double[] curve = new double[CURVE_AT.length];
        for (int i = 0; i < CURVE_AT.length; i++) {
            final int index = (int) Math.ceil(CURVE_AT[i] / 100.0 * sorted.length) - 1;
            curve[i] = ms(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
        }
        return curve;
    }

    private static double[] curvePoints() {
        final double[] points = new double[100 + 4];
        for (int p = 0; p <= 99; p++) {
            points[p] = p;
        }
        points[100] = 99.5;
        points[101] = 99.9;
        points[102] = 99.99;
        points[103] = 100;
        return points;
    }

    private static long rank(final long[] sorted, final int percentile) {
        final int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(final long nanos) {
        return nanos / 1_000_000.0;
    }
}
