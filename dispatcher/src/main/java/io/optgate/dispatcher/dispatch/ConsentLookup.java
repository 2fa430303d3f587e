package io.optgate.dispatcher.dispatch;

import io.optgate.platform.contract.Identifiers;
import io.optgate.dispatcher.decision.ClientConsent;
import io.optgate.dispatcher.decision.PhoneStatus;
import io.optgate.platform.serde.UnreadableRecordException;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Reads a client's consent (at a time, and the latest) from the versioned consent store, and a
 * number's state from the phone-state global store. Both stores hold raw bytes, decoded here, so
 * that a record that cannot be read is {@link ClientConsent#unreadable()} / {@link PhoneStatus#UNREADABLE}
 * (fail closed) rather than silently missing.
 */
final class ConsentLookup {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentLookup.class);

    private final VersionedKeyValueStore<String, byte[]> consents;
    private final ReadOnlyKeyValueStore<String, byte[]> phones;
    private final DispatchTopology.Reading reading;

    ConsentLookup(
            final VersionedKeyValueStore<String, byte[]> consents,
            final ReadOnlyKeyValueStore<String, byte[]> phones,
            final DispatchTopology.Reading reading) {
        this.consents = consents;
        this.phones = phones;
        this.reading = reading;
    }

    /** The consent at the request's time and the latest one known. */
    record Views(ClientConsent atRequestTime, ClientConsent latest) {
    }

    /**
     * The client's consent at {@code at} and now. When the store has no version at {@code at}
     * (the client's first record is later, or {@code at} is beyond the store's history, or the
     * store was restored from the compacted topic and lost older versions), the latest consent
     * stands in for it: the latest is judged anyway, and treating the client as never seen there
     * would only judge a real client against defaults.
     */
    Views client(final String clientKey, final Instant at) {
        final VersionedRecord<byte[]> latest = consents.get(clientKey);
        final ClientConsent latestView = latest == null ? ClientConsent.neverSeen() : decodeConsent(clientKey, latest.value());
        final VersionedRecord<byte[]> asOf = consents.get(clientKey, at.toEpochMilli());
        if (asOf == null || latest != null && asOf.timestamp() == latest.timestamp()) {
            return new Views(latestView, latestView);
        }
        return new Views(decodeConsent(clientKey, asOf.value()), latestView);
    }

    /** The latest state of a number within a practice; a number never seen is clear. */
    PhoneStatus phone(final String tenantId, final String e164) {
        final String key = Identifiers.phoneKey(tenantId, e164);
        final byte[] bytes = phones.get(key);
        if (bytes == null) {
            return PhoneStatus.CLEAR;
        }
        try {
            final PhoneConsentState state = reading.phoneState().deserialize(reading.phoneStateTopic(), bytes);
            return state != null && state.getSuppressed() ? PhoneStatus.SUPPRESSED : PhoneStatus.CLEAR;
        } catch (final UnreadableRecordException e) {
            LOG.warn("Unreadable {} record of practice {} ({}): the number is treated as suppressed",
                    reading.phoneStateTopic(), tenantId, e.reason());
            return PhoneStatus.UNREADABLE;
        }
    }

    private ClientConsent decodeConsent(final String clientKey, final byte[] bytes) {
        try {
            final Deserializer<ConsentState> deserializer = reading.consentState();
            final ConsentState state = deserializer.deserialize(reading.consentStateTopic(), bytes);
            return state == null ? ClientConsent.neverSeen() : ClientConsent.recorded(state);
        } catch (final UnreadableRecordException e) {
            LOG.warn("Unreadable {} record for {} ({}): requests to this client are dropped until it is rewritten",
                    reading.consentStateTopic(), clientKey, e.reason());
            return ClientConsent.unreadable();
        }
    }
}
