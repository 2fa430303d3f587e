package io.optgate.consent.http;

import io.optgate.platform.contract.Identifiers;
import io.optgate.consent.rules.Practice;
import io.optgate.consent.rules.SuppressedNumbers;
import io.optgate.consent.topology.ConsentStores;
import io.optgate.consent.topology.ProcessedEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the API reads from one local partition of the consent stores. */
final class ConsentReads {

    private static final StringSerializer STRINGS = new StringSerializer();

    private final StoreAccess stores;

    ConsentReads(final StoreAccess stores) {
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    Optional<ConsentState> client(final int partition, final String clientKey) {
        final ReadOnlyKeyValueStore<String, ConsentState> clients = stores.keyValueStore(ConsentStores.CLIENTS, partition);
        return Optional.ofNullable(clients.get(clientKey));
    }

    /** The ids of the practice's clients holding {@code phone} by the phone index, at most {@code limit}. */
    List<String> clientsOfPhone(final int partition, final String tenantId, final String phone, final int limit) {
        final ReadOnlyKeyValueStore<String, String> index = stores.keyValueStore(ConsentStores.PHONE_INDEX, partition);
        final List<String> clientIds = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = index.prefixScan(
                ConsentStores.phoneIndexPrefix(Identifiers.phoneKey(tenantId, phone)), STRINGS)) {
            while (iterator.hasNext() && clientIds.size() < limit) {
                final String clientId = iterator.next().value;
                if (clientId != null) {
                    clientIds.add(clientId);
                }
            }
        }
        return clientIds;
    }

    /** The client's notes, newest first, at most {@code limit}. */
    List<ConsentNote> notes(final int partition, final String clientKey, final int limit) {
        final ReadOnlyKeyValueStore<String, ConsentNote> notes = stores.keyValueStore(ConsentStores.NOTES, partition);
        final List<ConsentNote> newestFirst = new ArrayList<>();
        try (KeyValueIterator<String, ConsentNote> iterator = notes.prefixScan(ConsentStores.notesPrefix(clientKey), STRINGS)) {
            while (iterator.hasNext() && newestFirst.size() < limit) {
                newestFirst.add(iterator.next().value);
            }
        }
        return newestFirst;
    }

    Optional<ConsentSetting> setting(final int partition, final String key) {
        final ReadOnlyKeyValueStore<String, ConsentSetting> settings = stores.keyValueStore(ConsentStores.SETTINGS, partition);
        return Optional.ofNullable(settings.get(key));
    }

    Practice practice(final int partition, final String tenantId) {
        return ConsentStores.practice(stores.keyValueStore(ConsentStores.SETTINGS, partition), tenantId);
    }

    Optional<ProcessedEvent> processed(final int partition, final String processedKey) {
        final ReadOnlyKeyValueStore<String, String> processed = stores.keyValueStore(ConsentStores.PROCESSED, partition);
        return Optional.ofNullable(processed.get(processedKey)).map(ProcessedEvent::decode);
    }

    SuppressedNumbers suppressed(final int partition, final String tenantId) {
        final ReadOnlyKeyValueStore<String, PhoneConsentState> phones = stores.keyValueStore(ConsentStores.PHONE_STATE, partition);
        return phone -> {
            final PhoneConsentState state = phones.get(Identifiers.phoneKey(tenantId, phone));
            return state != null && state.getSuppressed();
        };
    }
}
