package io.optgate.dispatcher.practice;

import io.optgate.dispatcher.practice.StorePracticeDirectory.PracticeDirectoryUnavailableException;
import io.optgate.platform.serde.UnreadableRecordException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One global store of raw record bytes, read by key and decoded on each lookup. A record that
 * cannot be read counts as absent (logged without its key, which may be a phone number); a store
 * that is not queryable yet throws {@link PracticeDirectoryUnavailableException}, which is retriable.
 *
 * @param store        the store, or a supplier that looks it up (by interactive query) on each call
 * @param deserializer reads the values
 * @param topic        the topic the bytes came from, for the deserializer
 * @param <V>          the value type
 */
public record StoredRecords<V>(Supplier<? extends ReadOnlyKeyValueStore<String, byte[]>> store,
                               Deserializer<V> deserializer, String topic) {

    private static final Logger LOG = LoggerFactory.getLogger(StoredRecords.class);

    /** Fails fast on a missing part. */
    public StoredRecords {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(deserializer, "deserializer");
        Objects.requireNonNull(topic, "topic");
    }

    /** The decoded value stored under {@code key}; empty when absent or unreadable. */
    public Optional<V> get(final String key) {
        final byte[] bytes;
        try {
            bytes = store.get().get(key);
        } catch (final InvalidStateStoreException e) {
            throw new PracticeDirectoryUnavailableException(e);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(deserializer.deserialize(topic, bytes));
        } catch (final UnreadableRecordException e) {
            LOG.warn("Unreadable {} record ({}): treated as absent", topic, e.reason());
            return Optional.empty();
        }
    }
}
