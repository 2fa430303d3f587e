package io.optgate.dispatcher.practice;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global stores that every instance of the dispatcher holds in full: practice settings
 * ({@code consent.settings}) and phone states ({@code consent.phone-state}). Both hold the
 * records' raw bytes; readers decode on lookup, so that a record that cannot be read fails closed
 * where it is used instead of being skipped (which would leave an older value in place).
 */
public final class PracticeStores {

    /** Global store of {@code consent.settings}: key {@code <tenantId>} or {@code <tenantId>:<preferenceId>}. */
    public static final String SETTINGS_STORE = "dispatcher.practice-settings";
    /** Global store of {@code consent.phone-state}: key {@code <tenantId>:<E.164>}. */
    public static final String PHONE_STATE_STORE = "dispatcher.phone-state";

    private PracticeStores() {
    }

    /**
     * Adds both global stores. Settings are few and scanned (reverse lookup of {@code smsFrom}),
     * so they are kept in memory; phone states grow with every STOP and live in RocksDB.
     */
    public static void addTo(final StreamsBuilder builder, final String settingsTopic, final String phoneStateTopic) {
        builder.addGlobalStore(
                store(Stores.inMemoryKeyValueStore(SETTINGS_STORE)),
                settingsTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("practice-settings-source"),
                () -> new StoreUpdater(SETTINGS_STORE));
        builder.addGlobalStore(
                store(Stores.persistentKeyValueStore(PHONE_STATE_STORE)),
                phoneStateTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("phone-state-source"),
                () -> new StoreUpdater(PHONE_STATE_STORE));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(
            final org.apache.kafka.streams.state.KeyValueBytesStoreSupplier supplier) {
        // A global store is restored from its source topic; it never has a changelog of its own.
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()).withLoggingDisabled();
    }

    /** Keeps the latest bytes per key; a tombstone removes the key. */
    private static final class StoreUpdater implements Processor<String, byte[], Void, Void> {
        private final String storeName;
        private KeyValueStore<String, byte[]> store;

        StoreUpdater(final String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(final Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
