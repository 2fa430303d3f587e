package io.optgate.consent.http;

import io.optgate.platform.http.query.InteractiveQueries;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Read access to this instance's consent stores, one partition at a time. */
public interface StoreAccess {

    /**
     * The local partition {@code partition} of key-value store {@code name}.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store is not
     *     queryable here (migrating, restoring)
     */
    <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name, int partition);

    /**
     * Global key-value store {@code name}, which every instance holds in full.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while it is not queryable
     */
    <V> ReadOnlyKeyValueStore<String, V> globalKeyValueStore(String name);

    /** The stores of a running Kafka Streams instance. */
    static StoreAccess of(final KafkaStreams streams) {
        return new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(final String name, final int partition) {
                return streams.store(InteractiveQueries.storeParameters(name, QueryableStoreTypes.<String, V>keyValueStore(), partition));
            }

            @Override
            public <V> ReadOnlyKeyValueStore<String, V> globalKeyValueStore(final String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
            }
        };
    }
}
