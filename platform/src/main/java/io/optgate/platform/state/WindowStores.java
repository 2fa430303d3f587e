package io.optgate.platform.state;

import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.internals.RocksDbWindowBytesStoreSupplier;

import java.time.Duration;

/**
 * Persistent window stores that an empty segment set cannot turn into a wiped task (see the
 * package documentation). Use these instead of {@link Stores#persistentWindowStore} and
 * {@link Stores#persistentTimestampedWindowStore} for every logged window store of an
 * exactly-once application.
 */
public final class WindowStores {

    private WindowStores() {
    }

    /** Like {@link Stores#persistentWindowStore(String, Duration, Duration, boolean)}. */
    public static WindowBytesStoreSupplier persistent(
            final String name, final Duration retention, final Duration windowSize, final boolean retainDuplicates) {
        return new CheckpointedWindowStoreSupplier(
                Stores.persistentWindowStore(name, retention, windowSize, retainDuplicates), false);
    }

    /**
     * Like {@link #persistent(String, Duration, Duration, boolean)}, with the segment interval given
     * instead of derived from the retention ({@code max(retention / 2, 1 min)}). RocksDB segments are
     * named by their start, and a store reopened with another interval silently ignores its existing
     * segments (and its checkpoint then says they need no restore): a store whose retention grows
     * keeps its interval with this. Kafka Streams has no public factory for it, hence the internal
     * supplier (the one {@link Stores#persistentWindowStore} returns).
     */
    public static WindowBytesStoreSupplier persistent(
            final String name, final Duration retention, final Duration segmentInterval, final Duration windowSize,
            final boolean retainDuplicates) {
        if (segmentInterval.isNegative() || segmentInterval.isZero()) {
            throw new IllegalArgumentException("segmentInterval must be positive: " + segmentInterval);
        }
        return new CheckpointedWindowStoreSupplier(new RocksDbWindowBytesStoreSupplier(name, retention.toMillis(),
                segmentInterval.toMillis(), windowSize.toMillis(), retainDuplicates,
                RocksDbWindowBytesStoreSupplier.WindowStoreTypes.DEFAULT_WINDOW_STORE), false);
    }

    /** The segment interval {@link Stores#persistentWindowStore} derives from a retention. */
    public static Duration defaultSegmentInterval(final Duration retention) {
        return Duration.ofMillis(Math.max(retention.toMillis() / 2, Duration.ofMinutes(1).toMillis()));
    }

    /** Like {@link Stores#persistentTimestampedWindowStore(String, Duration, Duration, boolean)}, as the DSL's windowed aggregations use. */
    public static WindowBytesStoreSupplier persistentTimestamped(
            final String name, final Duration retention, final Duration windowSize, final boolean retainDuplicates) {
        return new CheckpointedWindowStoreSupplier(
                Stores.persistentTimestampedWindowStore(name, retention, windowSize, retainDuplicates), true);
    }
}
