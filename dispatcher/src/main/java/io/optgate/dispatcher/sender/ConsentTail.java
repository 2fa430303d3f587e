package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.decision.ClientConsent;
import io.optgate.dispatcher.decision.PhoneStatus;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consent the send-time check judges against, read by the sender itself and caught up on demand.
 * <p>
 * A consumer without a group reads every partition of {@code consent.state} (the clients' consent),
 * {@code consent.phone-state} (the numbers' state) and the raw {@code consent.phone-events}, from
 * the beginning, {@code read_committed}. The raw topic is there for the bound: the inbound webhook
 * answers a STOP only after it is stored there, while consent-streams turns it into state a little
 * later. A number with a raw opt-out counts as suppressed whatever the processed state says yet. A
 * raw opt-in after it lifts that only once consent-streams is known to have applied the opt-in
 * ({@link ConsentApplied}: then the processed state has seen the opt-out and the opt-in and decides);
 * it never clears anything itself. So the raw topic can only make the check stricter: a STOP then a
 * START that the processed state has not seen yet still stop the text.
 * <p>
 * {@link #catchUp} fetches the end offsets now and reads up to them: a check made after it has seen
 * every record stored before the fetch, in particular every STOP whose webhook was answered before.
 * Values are kept as bytes and decoded when asked for; an undecodable one is unreadable (fail closed).
 * Owned by the poll thread.
 */
final class ConsentTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentTail.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(20);

    private static final long NO_OPT_IN = Long.MAX_VALUE;

    private final Consumer<byte[], byte[]> consumer;
    private final SenderTopics topics;
    private final Deserializer<ConsentState> consentReader;
    private final Deserializer<PhoneConsentState> phoneStateReader;
    private final Deserializer<PhoneConsentEvent> phoneEventReader;
    private final Clock clock;
    private final Map<String, byte[]> clients = new HashMap<>();
    private final Map<String, byte[]> phoneStates = new HashMap<>();
    /**
     * Numbers with a raw opt-out in force: the instant (epoch ms) a later raw opt-in was read, after
     * which consent-streams' state decides; {@link #NO_OPT_IN} while none was.
     */
    private final Map<String, Long> rawOptOuts = new HashMap<>();
    private final ConsentApplied applied;
    private Instant warnedAt = Instant.EPOCH;

    ConsentTail(final Consumer<byte[], byte[]> consumer, final SenderTopics topics, final Clock clock,
                final ConsentApplied applied) {
        this.applied = applied;
        this.consumer = consumer;
        this.topics = topics;
        this.consentReader = topics.consentState().valueSerde().deserializer();
        this.phoneStateReader = topics.phoneState().valueSerde().deserializer();
        this.phoneEventReader = topics.phoneEvents().valueSerde().deserializer();
        this.clock = clock;
    }

    /**
     * Reads up to the end offsets fetched now, for at most {@code budget}. False when it could not
     * (a topic missing, the broker slow): then nothing may be handed over yet.
     */
    boolean catchUp(final Duration budget) {
        final Instant deadline = clock.instant().plus(budget);
        try {
            if (!assigned()) {
                return false;
            }
            final Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), budget);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (!clock.instant().isBefore(deadline)) {
                    return false;
                }
                consumer.poll(POLL_WAIT).forEach(this::apply);
            }
            return true;
        } catch (final org.apache.kafka.common.errors.TimeoutException e) {
            warn("consent topics not readable in time ({}); hand-overs wait", e.toString());
            return false;
        }
    }

    /** The client's latest consent. */
    ClientConsent client(final String tenantId, final String clientId) {
        final String key = Identifiers.clientKey(tenantId, clientId);
        final byte[] bytes = clients.get(key);
        if (bytes == null) {
            return ClientConsent.neverSeen();
        }
        try {
            final ConsentState state = consentReader.deserialize(topics.consentState().name(), bytes);
            return state == null ? ClientConsent.neverSeen() : ClientConsent.recorded(state);
        } catch (final RuntimeException e) {
            LOG.warn("unreadable {} record for {}: its texts are cancelled", topics.consentState().name(), key);
            return ClientConsent.unreadable();
        }
    }

    /** The number's latest state within the practice, the raw STOPs included. */
    PhoneStatus phone(final String tenantId, final String e164) {
        final String key = Identifiers.phoneKey(tenantId, e164);
        final Long optedInAt = rawOptOuts.get(key);
        if (optedInAt != null) {
            if (optedInAt == NO_OPT_IN || applied.appliedUpTo() < optedInAt) {
                return PhoneStatus.SUPPRESSED;
            }
            rawOptOuts.remove(key);
        }
        final byte[] bytes = phoneStates.get(key);
        if (bytes == null) {
            return PhoneStatus.CLEAR;
        }
        try {
            final PhoneConsentState state = phoneStateReader.deserialize(topics.phoneState().name(), bytes);
            return state != null && state.getSuppressed() ? PhoneStatus.SUPPRESSED : PhoneStatus.CLEAR;
        } catch (final RuntimeException e) {
            LOG.warn("unreadable {} record of practice {}: its texts to the number are cancelled",
                    topics.phoneState().name(), tenantId);
            return PhoneStatus.UNREADABLE;
        }
    }

    private boolean assigned() {
        if (!consumer.assignment().isEmpty()) {
            return true;
        }
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : List.of(topics.consentState().name(), topics.phoneState().name(),
                topics.phoneEvents().name())) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                warn("topic {} does not exist yet; hand-overs wait", topic);
                return false;
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    private void apply(final ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(topics.phoneEvents().name())) {
            applyRawPhoneEvent(record);
            return;
        }
        if (record.key() == null) {
            return;
        }
        final Map<String, byte[]> target = record.topic().equals(topics.consentState().name()) ? clients : phoneStates;
        final String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            target.remove(key);
        } else {
            target.put(key, record.value());
        }
    }

    /** Keyed by the value's practice and number, not the record key: any upstream may write this topic. */
    private void applyRawPhoneEvent(final ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        final PhoneConsentEvent event;
        try {
            event = phoneEventReader.deserialize(record.topic(), record.headers(), record.value());
        } catch (final RuntimeException e) {
            return; // consent-streams dead-letters it; the processed state stays the word on the number
        }
        if (event == null || event.getTenantId() == null || event.getPhone() == null) {
            return;
        }
        final String key = Identifiers.phoneKey(event.getTenantId(), event.getPhone());
        if (event.getKind() == PhoneConsentKind.OPT_OUT || event.getKind() == PhoneConsentKind.CARRIER_OPT_OUT) {
            rawOptOuts.put(key, NO_OPT_IN);
        } else if (event.getKind() == PhoneConsentKind.OPT_IN) {
            // Read now, so appended before now: once consent-streams has applied up to now, its state has it.
            rawOptOuts.computeIfPresent(key, (number, since) -> clock.millis());
        }
    }

    private void warn(final String format, final Object detail) {
        final Instant now = clock.instant();
        if (now.isAfter(warnedAt.plus(Duration.ofMinutes(1)))) {
            warnedAt = now;
            LOG.warn(format, detail);
        }
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
    }
}
