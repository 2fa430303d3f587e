package io.optgate.bench.measure;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records counted per time bucket from an origin, to draw throughput over time; bounded in size
 * (records after the last bucket are counted in it).
 */
public final class Timeline {

    private final long originNanos;
    private final long bucketNanos;
    private final AtomicLongArray counts;

    /**
     * @param originNanos {@link System#nanoTime()} of time zero
     * @param bucketMillis width of a bucket
     * @param buckets     how many buckets at most
     */
    public Timeline(final long originNanos, final long bucketMillis, final int buckets) {
        this.originNanos = originNanos;
        this.bucketNanos = bucketMillis * 1_000_000L;
        this.counts = new AtomicLongArray(buckets);
    }

    /** Counts one record seen at {@code seenNanos}. */
    public void record(final long seenNanos) {
        final long bucket = Math.max(0, (seenNanos - originNanos) / bucketNanos);
        counts.incrementAndGet((int) Math.min(counts.length() - 1, bucket));
    }

    /** Seconds from the origin of each bucket up to the last one with records. */
    public double[] seconds() {
        final double[] x = new double[lastUsed() + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * (bucketNanos / 1e9);
        }
        return x;
    }

    /** Records per second in each bucket up to the last one with records. */
    public double[] perSecond() {
        final double[] y = new double[lastUsed() + 1];
        for (int i = 0; i < y.length; i++) {
            y[i] = counts.get(i) / (bucketNanos / 1e9);
        }
        return y;
    }

    private int lastUsed() {
        for (int i = counts.length() - 1; i >= 0; i--) {
            if (counts.get(i) > 0) {
                return i;
            }
        }
        return -1;
    }
}
