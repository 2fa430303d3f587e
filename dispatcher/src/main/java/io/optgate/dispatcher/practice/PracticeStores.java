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

    /** Global store of {@code consent.sending-numbers}: key {@code <E.164>}, the number's one owner. */
    public static final String SENDING_NUMBERS_STORE = "dispatcher.sending-numbers";
    /** Global store of {@code consent.phone-practices}: key {@code <E.164>}, the practices with it on record. */
    public static final String PHONE_PRACTICES_STORE = "dispatcher.phone-practices";

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

    /**
     * Adds the global stores that say who a number belongs to: the owner of a sending number, as
     * consent-streams decided it (the inbound webhook's practice), and the practices that have a
     * client's number on record (a STOP sent to a Messaging Service's shared number). Both small
     * per key and read by key, kept in RocksDB.
     */
    public static void addNumberStores(final StreamsBuilder builder, final String sendingNumbersTopic,
                                       final String phonePracticesTopic) {
        builder.addGlobalStore(
                store(Stores.persistentKeyValueStore(SENDING_NUMBERS_STORE)),
                sendingNumbersTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("sending-numbers-source"),
                () -> new StoreUpdater(SENDING_NUMBERS_STORE));
        builder.addGlobalStore(
                store(Stores.persistentKeyValueStore(PHONE_PRACTICES_STORE)),
                phonePracticesTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("phone-practices-source"),
                () -> new StoreUpdater(PHONE_PRACTICES_STORE));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(
            final org.apache.kafka.streams.state.KeyValueBytesStoreSupplier supplier) {
        // A global store is restored from its source topic; it never has a changelog of its own.
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()).withLoggingDisabled();
    }

    /** Keeps the latest bytes per key; a tombstone removes the key. */
    static final class StoreUpdater implements Processor<String, byte[], Void, Void> {
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
