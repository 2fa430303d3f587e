package io.optgate.faults;

import io.optgate.faults.ConsentReplay.Tables;
import io.optgate.platform.logging.PhoneMasking;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ConsentStreamsProgress;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * "The consent table equals a fresh replay of the consent input": after a run, the latest committed
 * value of every key of {@code consent.state} and {@code consent.phone-state} against what
 * {@link ConsentReplay} makes of the committed input. A kill -9 must cost consent-streams neither a
 * change nor make it apply one twice or differently.
 *
 * <p>Compared are the fields that define consent: a client's level, pending level, phone,
 * suppression, preferences and time zone, and a number's suppression. A state's {@code version},
 * {@code updatedAt}, {@code updatedBy} and {@code pendingSince}, and a number's {@code lastKind} and
 * {@code updatedAt}, describe how the state was reached: with changes from two input topics for
 * one client they may depend on how those topics interleaved, which the run does not record (see
 * {@link ConsentReplay}). They are counted, not failed.
 */
final class ConsentReplayCheck {

    /** The broken promise's name in {@link FaultChecks#violations()} and the report. */
    static final String DIFFERS = "consent table differs from a fresh replay";

    /** The figures this check adds to the report. */
    static final String CLIENTS_COMPARED = "consent.state keys compared with a fresh replay of the consent input";
    static final String NUMBERS_COMPARED = "consent.phone-state keys compared with a fresh replay";
    static final String HISTORY_DIFFERS = "of those, same consent reached by another history (version or updatedAt; not failed)";

    private final Map<String, Long> figures = new LinkedHashMap<>();
    private final List<String> differences = new ArrayList<>();

    private ConsentReplayCheck(final Tables live, final Tables replayed) {
        compare(live.clients(), replayed.clients(), ConsentReplayCheck::consentOf, ConsentReplayCheck::historyOf, "client ");
        compare(live.numbers(), replayed.numbers(), number -> new NumberConsent(number.getSuppressed()),
                number -> number.getUpdatedAt().toString(), "number ");
        figures.put(CLIENTS_COMPARED, (long) keys(live.clients(), replayed.clients()).size());
        figures.put(NUMBERS_COMPARED, (long) keys(live.numbers(), replayed.numbers()).size());
    }

    /** Compares the two tables as they are (the unit tests' way in). */
    static ConsentReplayCheck of(final Tables live, final Tables replayed) {
        return new ConsentReplayCheck(live, replayed);
    }

    /** Reads the run's committed consent input and tables, replays the input and compares. */
    static ConsentReplayCheck run(final FaultCluster cluster, final AvroSerdes serdes, final Path stateDir) {
        final String bootstrap = cluster.kafka().bootstrapServers();
        final Map<String, Object> security = cluster.clientSecurity();
        final TopicNames names = TopicNames.defaults();
        final List<ConsumerRecord<String, byte[]>> input = new ArrayList<>();
        for (final String topic : ConsentStreamsProgress.inputs(names)) {
            input.addAll(CommittedRecords.readRaw(bootstrap, security, topic));
        }
        final Tables replayed = ConsentReplay.replay(input, cluster.registry().url(), stateDir);
        final Tables live = new Tables(
                latest(CommittedRecords.read(bootstrap, security, names.consentState(),
                        serdes.value(ConsentState.class).deserializer())),
                latest(CommittedRecords.read(bootstrap, security, names.consentPhoneState(),
                        serdes.value(PhoneConsentState.class).deserializer())));
        final ConsentReplayCheck check = new ConsentReplayCheck(live, replayed);
        check.figures.put("consent input records replayed", (long) input.size());
        return check;
    }

    /** Every key whose consent differs, one line each, numbers masked; empty when the tables agree. */
    List<String> differences() {
        return differences;
    }

    /** The broken promise, keyed as {@link FaultChecks#violations()} is; empty when the tables agree. */
    Map<String, List<String>> violations() {
        return differences.isEmpty() ? Map.of() : Map.of(DIFFERS, differences);
    }

    Map<String, Long> figures() {
        return figures;
    }

    private <V> void compare(final Map<String, V> live, final Map<String, V> replayed, final Function<V, Record> consent,
                             final Function<V, String> history, final String what) {
        long historyDiffers = figures.getOrDefault(HISTORY_DIFFERS, 0L);
        for (final String key : keys(live, replayed)) {
            final V mine = live.get(key);
            final V theirs = replayed.get(key);
            final Object liveConsent = mine == null ? "absent" : consent.apply(mine);
            final Object replayedConsent = theirs == null ? "absent" : consent.apply(theirs);
            if (!liveConsent.equals(replayedConsent)) {
                differences.add(PhoneMasking.mask(what + key + ": consent.state has " + liveConsent
                        + "; the replay has " + replayedConsent));
            } else if (mine != null && !history.apply(mine).equals(history.apply(theirs))) {
                historyDiffers++;
            }
        }
        figures.put(HISTORY_DIFFERS, historyDiffers);
    }

    /** What a client's consent is, as opposed to how it was reached; compared with {@code equals}. */
    private record ClientConsent(SmsLevel level, SmsLevel pendingLevel, String phone, boolean phoneSuppressed,
                                 Map<String, Map<String, PreferenceGrant>> preferences, String timeZone) {
    }

    /** What a number's consent is. */
    private record NumberConsent(boolean suppressed) {
    }

    private static ClientConsent consentOf(final ConsentState state) {
        return new ClientConsent(state.getLevel(), state.getPendingLevel(), state.getPhone(), state.getPhoneSuppressed(),
                state.getPreferences(), state.getTimeZone());
    }

    private static String historyOf(final ConsentState state) {
        return "v" + state.getVersion() + "@" + state.getUpdatedAt();
    }

    private static TreeSet<String> keys(final Map<String, ?> a, final Map<String, ?> b) {
        final TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** The latest value per key, read in offset order (a key lives in one partition); a tombstone removes it. */
    private static <V> Map<String, V> latest(final List<ConsumerRecord<String, V>> records) {
        final Map<String, V> table = new LinkedHashMap<>();
        for (final ConsumerRecord<String, V> record : records) {
            if (record.value() == null) {
                table.remove(record.key());
            } else {
                table.put(record.key(), record.value());
            }
        }
        return table;
    }
}
