package io.optgate.platform.state;

import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

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

    /** Like {@link Stores#persistentTimestampedWindowStore(String, Duration, Duration, boolean)}, as the DSL's windowed aggregations use. */
    public static WindowBytesStoreSupplier persistentTimestamped(
            final String name, final Duration retention, final Duration windowSize, final boolean retainDuplicates) {
        return new CheckpointedWindowStoreSupplier(
                Stores.persistentTimestampedWindowStore(name, retention, windowSize, retainDuplicates), true);
    }
}
