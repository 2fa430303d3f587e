package io.optgate.dispatcher.practice;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.serde.UnreadableRecordException;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.PhonePractices;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SendingNumber;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@link PracticeDirectory} over the dispatcher's global store of {@code consent.settings}
 * ({@value PracticeStores#SETTINGS_STORE}), which holds every record's raw bytes by its key
 * ({@code <tenantId>} or {@code <tenantId>:<preferenceId>}) on every instance.
 *
 * <p>Records are decoded on each lookup. A record that cannot be read counts as absent, which is
 * the fail-closed answer for every caller: no settings means communication preferences are off
 * (requests naming a preference are dropped), no definition means the preference is inactive, no
 * {@code smsFrom} means the sender cannot send, no owner means an inbound text is ignored.
 *
 * <p>Thread-safe. Outside the topology the store is reached by interactive query; until the
 * streams app has restored it, every method throws {@link PracticeDirectoryUnavailableException},
 * which is retriable.
 */
public final class StorePracticeDirectory implements PracticeDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(StorePracticeDirectory.class);

    private final Supplier<? extends ReadOnlyKeyValueStore<String, byte[]>> store;
    private final Deserializer<ConsentSetting> deserializer;
    private final String topic;
    private final Optional<StoredRecords<SendingNumber>> owners;
    private final Optional<StoredRecords<PhonePractices>> phonePractices;
    private final Optional<Supplier<? extends ReadOnlyKeyValueStore<String, byte[]>>> texted;

    /**
     * @param store        the store, or a supplier that looks it up (by interactive query) on each call
     * @param deserializer reads {@code ConsentSetting} values
     * @param topic        the topic the bytes came from (the settings topic name), for the deserializer
     */
    public StorePracticeDirectory(
            final Supplier<? extends ReadOnlyKeyValueStore<String, byte[]>> store,
            final Deserializer<ConsentSetting> deserializer,
            final String topic) {
        this.store = Objects.requireNonNull(store, "store");
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.owners = Optional.empty();
        this.phonePractices = Optional.empty();
        this.texted = Optional.empty();
    }

    /**
     * A directory that also knows who each number belongs to.
     *
     * @param settings       {@code consent.settings}
     * @param owners         {@code consent.sending-numbers}: each sending number's one owner
     * @param phonePractices {@code consent.phone-practices}: the practices with a client's number on record
     * @param texted         the global store of {@code dispatch.texted-numbers} ({@link TextedNumbers})
     */
    public StorePracticeDirectory(final StoredRecords<ConsentSetting> settings, final StoredRecords<SendingNumber> owners,
                                  final StoredRecords<PhonePractices> phonePractices,
                                  final Supplier<? extends ReadOnlyKeyValueStore<String, byte[]>> texted) {
        this.store = settings.store();
        this.deserializer = settings.deserializer();
        this.topic = settings.topic();
        this.owners = Optional.of(owners);
        this.phonePractices = Optional.of(phonePractices);
        this.texted = Optional.of(texted);
    }

    @Override
    public Optional<CommunicationSettings> settings(final String tenantId) {
        return read(tenantId)
                .filter(s -> s.getSetting() instanceof CommunicationSettings)
                .map(s -> (CommunicationSettings) s.getSetting());
    }

    @Override
    public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
        return read(Identifiers.preferenceKey(tenantId, preferenceId))
                .filter(s -> s.getSetting() instanceof PreferenceDefinition)
                .map(s -> (PreferenceDefinition) s.getSetting());
    }

    /**
     * The owner consent-streams decided for the number ({@code consent.sending-numbers}), the one
     * place that keeps a number to one practice; the practices' own {@code smsFrom} values are not
     * consulted, so a number written into two practices' settings still has exactly one owner.
     */
    @Override
    public Optional<String> tenantOwningNumber(final String e164) {
        return owners.flatMap(store -> store.get(e164)).map(SendingNumber::getTenantId);
    }

    /**
     * The practices with the number on record ({@code consent.phone-practices}) and those that have
     * texted it ({@code dispatch.texted-numbers}).
     */
    @Override
    public Set<String> practicesWithNumber(final String e164) {
        if (phonePractices.isEmpty() || texted.isEmpty()) {
            throw new UnsupportedOperationException("this directory does not hold the practices of a number");
        }
        final Set<String> found = new TreeSet<>();
        phonePractices.get().get(e164).ifPresent(onRecord -> found.addAll(onRecord.getTenantIds()));
        try (KeyValueIterator<String, byte[]> all = texted(TextedNumbers.key(e164, ""), TextedNumbers.after(e164))) {
            all.forEachRemaining(entry -> found.add(entry.key.substring(e164.length() + 1)));
        }
        return Set.copyOf(found);
    }

    private KeyValueIterator<String, byte[]> texted(final String from, final String to) {
        try {
            return texted.get().get().range(from, to);
        } catch (final InvalidStateStoreException e) {
            throw new PracticeDirectoryUnavailableException(e);
        }
    }

    private Optional<ConsentSetting> read(final String key) {
        return decode(key, store().get(key));
    }

    private Optional<ConsentSetting> decode(final String key, final byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // A record under another practice's key (consent-streams dead-letters it) must not speak
            // for that key: it would make two practices claim one number, and their STOPs be ignored.
            final String keyTenant = key.indexOf(':') < 0 ? key : key.substring(0, key.indexOf(':'));
            return Optional.ofNullable(deserializer.deserialize(topic, bytes)).filter(s -> keyTenant.equals(s.getTenantId()));
        } catch (final UnreadableRecordException e) {
            LOG.warn("Unreadable {} record for key {} ({}): treated as absent", topic, key, e.reason());
            return Optional.empty();
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        try {
            return store.get();
        } catch (final InvalidStateStoreException e) {
            throw new PracticeDirectoryUnavailableException(e);
        }
    }

    /** The settings store is not (yet, or no longer) queryable; retry later. */
    public static final class PracticeDirectoryUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PracticeDirectoryUnavailableException(final Throwable cause) {
            super("practice settings are not available yet (the dispatcher's streams are not running)", cause);
        }
    }
}
