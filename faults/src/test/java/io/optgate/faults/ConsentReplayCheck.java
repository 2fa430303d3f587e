package io.optgate.faults;

import io.optgate.consent.app.ConsentStreamsApp;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * "The consent table equals a fresh replay of the consent input": after a run, the latest committed
 * value of every key of {@code consent.state} and {@code consent.phone-state} against what
 * {@link ConsentReplay} makes of consent-streams' repartition topic, every input record in the order
 * consent-streams read it. A kill -9 must cost consent-streams no change, nor make it apply one
 * twice or differently. (The run keeps that topic's records: {@link FaultCluster} turns off Kafka
 * Streams' purge of committed repartition records.) A replay of the input topics in timestamp order
 * is compared too, and its differences counted, not failed: it is another order of the same input,
 * and the rules are not indifferent to the order (docs/RELIABILITY.md, finding 5).
 *
 * <p>Compared are the fields that define consent: a client's level, pending level, phone,
 * suppression, preferences and time zone, and a number's suppression. A state's {@code version},
 * {@code updatedAt}, {@code updatedBy} and {@code pendingSince}, and a number's {@code lastKind} and
 * {@code updatedAt}, describe how the state was reached; the keys where only those differ are
 * counted, not failed.
 */
final class ConsentReplayCheck {

    /** The broken promise's name in {@link FaultChecks#violations()} and the report. */
    static final String DIFFERS = "consent table differs from a fresh replay";
    /** The broken promise of a consent input record that never reached consent-streams' rules. */
    static final String LOST = "consent input record not on consent-streams' repartition topic (lost before the rules)";

    /** The figures this check adds to the report. */
    static final String CLIENTS_COMPARED = "consent.state keys compared with a replay of the consent input in the run's order";
    static final String NUMBERS_COMPARED = "consent.phone-state keys compared with that replay";
    static final String HISTORY_DIFFERS = "of those, same consent reached by another history (version or updatedAt; not failed)";
    static final String REPARTITIONED_REPLAYED = "consent-streams repartition records replayed (the run's order)";
    static final String INPUT_RECORDS = "consent input records (consent.events, consent.phone-events, consent.settings)";
    static final String TIMESTAMP_ORDER_DIFFERS =
            "consent key a replay of the inputs in timestamp order makes different (input order, finding 5)";

    private final Map<String, Long> figures = new LinkedHashMap<>();
    private final List<String> differences = new ArrayList<>();
    private final List<String> limits = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();

    private ConsentReplayCheck(final Tables live, final Tables replayed) {
        figures.put(CLIENTS_COMPARED, (long) keys(live.clients(), replayed.clients()).size());
        figures.put(NUMBERS_COMPARED, (long) keys(live.numbers(), replayed.numbers()).size());
        compare(live.clients(), replayed.clients(), ConsentReplayCheck::consentOf, ConsentReplayCheck::historyOf, "client ");
        compare(live.numbers(), replayed.numbers(), number -> new NumberConsent(number.getSuppressed()),
                number -> number.getUpdatedAt().toString(), "number ");
    }

    /** Compares the two tables as they are (the unit tests' way in). */
    static ConsentReplayCheck of(final Tables live, final Tables replayed) {
        return new ConsentReplayCheck(live, replayed);
    }

    /**
     * Reads the run's committed consent input, consent-streams' repartition topic and its two tables;
     * replays the repartition topic (the exact order) and, for comparison, the input in timestamp order.
     */
    static ConsentReplayCheck run(final FaultCluster cluster, final AvroSerdes serdes, final RunOutput output,
                                  final Path stateDirs) {
        final String bootstrap = cluster.kafka().bootstrapServers();
        final Map<String, Object> security = cluster.clientSecurity();
        final TopicNames names = TopicNames.defaults();
        final List<ConsumerRecord<String, byte[]>> input = new ArrayList<>();
        for (final String topic : ConsentStreamsProgress.inputs(names)) {
            input.addAll(CommittedRecords.readRaw(bootstrap, security, topic));
        }
        final List<ConsumerRecord<String, byte[]>> repartitioned = CommittedRecords.readRaw(bootstrap, security,
                ConsentStreamsProgress.repartitionTopic(ConsentStreamsApp.APPLICATION_ID));
        final Tables live = new Tables(
                latest(CommittedRecords.read(bootstrap, security, names.consentState(),
                        serdes.value(ConsentState.class).deserializer())),
                latest(CommittedRecords.read(bootstrap, security, names.consentPhoneState(),
                        serdes.value(PhoneConsentState.class).deserializer())));
        final ConsentReplayCheck check = new ConsentReplayCheck(live,
                ConsentReplay.replay(repartitioned, cluster.registry().url(), stateDirs));
        check.figures.put(REPARTITIONED_REPLAYED, (long) repartitioned.size());
        check.figures.put(INPUT_RECORDS, (long) input.size());
        final List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        for (final String topic : ConsentStreamsProgress.inputs(names)) {
            deadLetters.addAll(output.deadLetters().getOrDefault(TopicNames.dlq(topic), List.of()));
        }
        check.notRepartitioned(input, repartitioned, deadLetters);
        final ConsentReplayCheck inTimestampOrder = new ConsentReplayCheck(live,
                ConsentReplay.replay(input, cluster.registry().url(), stateDirs));
        check.limits.addAll(inTimestampOrder.differences);
        return check;
    }

    /**
     * Every input record must reach the repartition topic (or, refused by the input checks, its
     * {@code <topic>.dlq}): the replay of that topic checks what came after it, this what came before.
     */
    void notRepartitioned(final List<ConsumerRecord<String, byte[]>> input,
                          final List<ConsumerRecord<String, byte[]>> repartitioned,
                          final List<ConsumerRecord<String, byte[]>> deadLetters) {
        final Map<String, Integer> passed = new HashMap<>();
        for (final ConsumerRecord<String, byte[]> record : repartitioned) {
            passed.merge(sourceOf(record.value()), 1, Integer::sum);
        }
        for (final ConsumerRecord<String, byte[]> record : deadLetters) {
            passed.merge(identity(record.topic().substring(0, record.topic().length() - ".dlq".length()),
                    record.key(), record.value()), 1, Integer::sum);
        }
        for (final ConsumerRecord<String, byte[]> record : input) {
            final String identity = identity(record.topic(), record.key(), record.value());
            if (passed.merge(identity, -1, Integer::sum) < 0) {
                lost.add(PhoneMasking.mask(record.topic() + "@" + record.partition() + ":" + record.offset()
                        + " (key " + record.key() + ") is not on consent-streams' repartition topic nor dead-lettered"));
            }
        }
    }

    /**
     * The source of a repartition record, decoded from consent-streams' {@code TenantInputSerde}
     * layout: {@code [tag: 1 consent.events, 2 consent.phone-events, 3 consent.settings][key length:
     * int, -1 for null][key UTF-8][the source value's bytes, empty for null]}.
     */
    static String sourceOf(final byte[] repartitioned) {
        final ByteBuffer buffer = ByteBuffer.wrap(repartitioned);
        final List<String> sources = ConsentStreamsProgress.inputs(TopicNames.defaults());
        final String topic = sources.get(buffer.get() - 1);
        final int keyLength = buffer.getInt();
        String key = null;
        if (keyLength >= 0) {
            final byte[] keyBytes = new byte[keyLength];
            buffer.get(keyBytes);
            key = new String(keyBytes, StandardCharsets.UTF_8);
        }
        final byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return identity(topic, key, value.length == 0 ? null : value);
    }

    private static String identity(final String topic, final String key, final byte[] value) {
        return topic + "|" + key + "|" + (value == null ? "null" : Base64.getEncoder().encodeToString(value));
    }

    /** Every key whose consent differs, one line each, numbers masked; empty when the tables agree. */
    List<String> differences() {
        return differences;
    }

    /** The broken promises, keyed as {@link FaultChecks#violations()} is; empty when the tables agree. */
    Map<String, List<String>> violations() {
        final Map<String, List<String>> violations = new LinkedHashMap<>();
        if (!differences.isEmpty()) {
            violations.put(DIFFERS, differences);
        }
        if (!lost.isEmpty()) {
            violations.put(LOST, lost);
        }
        return violations;
    }

    /**
     * The keys where a replay of the input in timestamp order, not in the run's order, gives other
     * consent: the rules are not indifferent to how the input topics interleave (RELIABILITY.md,
     * finding 5). Counted and published, not failed.
     */
    Map<String, List<String>> limits() {
        return limits.isEmpty() ? Map.of() : Map.of(TIMESTAMP_ORDER_DIFFERS, limits);
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
