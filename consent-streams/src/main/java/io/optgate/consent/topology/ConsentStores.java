package io.optgate.consent.topology;

import io.optgate.consent.rules.Practice;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.PreferenceDefinition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names and key layouts of the consent processor's state stores. All of them live in the task of
 * the practice ({@code tenantId} is the partitioning key), so one instance holds everything about a
 * practice and interactive queries find it with {@code queryMetadataForKey(store, tenantId, ...)}.
 */
public final class ConsentStores {

    /** Client key {@code <tenantId>:<clientId>} to the latest {@code ConsentState}. */
    public static final String CLIENTS = "consent-clients";
    /** {@code <tenantId>:<clientId>/<newest-first order>} to a {@code ConsentNote}. */
    public static final String NOTES = "consent-notes";
    /** Client key to the number of notes written for the client (orders notes of the same instant). */
    public static final String NOTE_SEQUENCE = "consent-note-sequence";
    /** {@code <tenantId>:<E.164>:<clientId>} to the client id: the clients of a number. */
    public static final String PHONE_INDEX = "consent-phone-index";
    /** {@code <tenantId>:<E.164>} to the number's {@code PhoneConsentState}. */
    public static final String PHONE_STATE = "consent-phone-state";
    /** The keys of {@code consent.settings} ({@code <tenantId>}, {@code <tenantId>:<preferenceId>}) to their value. */
    public static final String SETTINGS = "consent-settings";
    /** Processed event ids ({@link #processedEventKey}) to their {@link ProcessedEvent}, kept for the dedup retention. */
    public static final String PROCESSED = "consent-processed-events";
    /** {@code <due millis, 20 digits>|<kind>|<key>}: what falls due when (lapses, expiries, dedup retention). */
    public static final String DEADLINES = "consent-deadlines";

    private static final int MILLIS_DIGITS = 20;

    private ConsentStores() {
    }

    /** The key of a processed {@code consent.events} event in {@link #PROCESSED}. */
    public static String processedEventKey(final String tenantId, final String eventId) {
        return "event:" + tenantId + ":" + eventId;
    }

    /** The key of a processed {@code consent.phone-events} event in {@link #PROCESSED}. */
    static String processedPhoneEventKey(final String tenantId, final String eventId) {
        return "phone:" + tenantId + ":" + eventId;
    }

    /** The prefix of every note of a client in {@link #NOTES}; a prefix scan lists them newest first. */
    public static String notesPrefix(final String clientKey) {
        return clientKey + "/";
    }

    /** Newest first: later instants, then later notes of the same instant, sort first. */
    static String noteKey(final String clientKey, final Instant at, final long sequence) {
        return notesPrefix(clientKey) + pad(Long.MAX_VALUE - at.toEpochMilli()) + "/" + pad(Long.MAX_VALUE - sequence);
    }

    /** The prefix of a practice's preference definitions in {@link #SETTINGS}. */
    public static String preferencesPrefix(final String tenantId) {
        return tenantId + ":";
    }

    /** The prefix of a number's clients in {@link #PHONE_INDEX}. */
    public static String phoneIndexPrefix(final String phoneKey) {
        return phoneKey + ":";
    }

    static String deadlineKey(final Instant due, final String kind, final String key) {
        return pad(Math.max(0L, due.toEpochMilli())) + "|" + kind + "|" + key;
    }

    /** The largest deadline key of anything due by {@code now}. */
    static String deadlinesDueBy(final Instant now) {
        return pad(Math.max(0L, now.toEpochMilli())) + "|~";
    }

    /**
     * A practice as a {@link #SETTINGS} store holds it: its communication settings (key
     * {@code <tenantId>}) and preference definitions (keys {@code <tenantId>:<preferenceId>}).
     */
    public static Practice practice(final ReadOnlyKeyValueStore<String, ConsentSetting> settings, final String tenantId) {
        final ConsentSetting own = settings.get(tenantId);
        final Optional<CommunicationSettings> communication = own != null && own.getSetting() instanceof CommunicationSettings s
                ? Optional.of(s)
                : Optional.empty();
        final Map<String, PreferenceDefinition> preferences = new HashMap<>();
        try (KeyValueIterator<String, ConsentSetting> iterator = settings.prefixScan(preferencesPrefix(tenantId), new StringSerializer())) {
            while (iterator.hasNext()) {
                final KeyValue<String, ConsentSetting> entry = iterator.next();
                if (entry.value != null && entry.value.getSetting() instanceof PreferenceDefinition definition) {
                    preferences.put(definition.getPreferenceId(), definition);
                }
            }
        }
        return new Practice(communication, preferences);
    }

    private static String pad(final long value) {
        final String digits = Long.toString(value);
        return "0".repeat(Math.max(0, MILLIS_DIGITS - digits.length())) + digits;
    }
}
