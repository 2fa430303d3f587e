package io.optgate.dispatcher.quiet;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.serde.UnreadableRecordException;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Holds texts the judge decided SEND while the client's sending window is closed
 * ({@link QuietHours}), and releases them when it opens.
 *
 * <p>A held text is kept in a changelogged store keyed by its release time, so under exactly-once
 * it is either held or released, never both and never lost; a wall-clock punctuation releases what
 * is due, so a quiet partition never keeps a text past its opening. Holding it writes a
 * {@code HELD_QUIET_HOURS} delivery event with the release time, so its status says so. A text that
 * expires before its window opens is never held: it ends CANCELLED {@code REQUEST_EXPIRED} at once.
 * A STOP while it waits is honoured by the sender's send-time check when it is released (the
 * sender asks the dispatch rules again against the latest consent), which records it CANCELLED.
 */
final class QuietHoursHold implements Processor<String, MessageRequest, String, HoldOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(QuietHoursHold.class);

    /** How often held texts are checked for release. */
    static final Duration RELEASE_INTERVAL = Duration.ofSeconds(1);
    /** {@code provider} of the events this stage writes: no provider has seen the text yet. */
    static final String PROVIDER = "optgate";
    /** errorCode of a text that expired before its window opened (the drop reason's name). */
    static final String EXPIRED = "REQUEST_EXPIRED";
    /** errorCode of a text whose windows never open together. */
    static final String NO_WINDOW = "QUIET_HOURS";

    private final QuietHours rules;
    private final Optional<Clock> clock;
    private final String consentStore;
    private final String heldStore;
    private final Deserializer<ConsentState> consentReader;
    private final String consentTopic;
    private final Function<ProcessorContext<?, ?>, PracticeDirectory> practicesOf;

    private ProcessorContext<String, HoldOutcome> context;
    private KeyValueStore<String, MessageRequest> held;
    private VersionedKeyValueStore<String, byte[]> consents;
    private PracticeDirectory practices;

    QuietHoursHold(final QuietHours rules, final Optional<Clock> clock, final String consentStore, final String heldStore,
                   final Deserializer<ConsentState> consentReader, final String consentTopic,
                   final Function<ProcessorContext<?, ?>, PracticeDirectory> practicesOf) {
        this.rules = rules;
        this.clock = clock;
        this.consentStore = consentStore;
        this.heldStore = heldStore;
        this.consentReader = consentReader;
        this.consentTopic = consentTopic;
        this.practicesOf = practicesOf;
    }

    @Override
    public void init(final ProcessorContext<String, HoldOutcome> context) {
        this.context = context;
        this.held = context.getStateStore(heldStore);
        this.consents = context.getStateStore(consentStore);
        this.practices = practicesOf.apply(context);
        context.schedule(RELEASE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, ignored -> releaseDue());
    }

    @Override
    public void process(final Record<String, MessageRequest> record) {
        final MessageRequest request = record.value();
        if (!QuietHours.applies(request)) {
            context.forward(record.withValue(HoldOutcome.released(request)));
            return;
        }
        final long now = now();
        final QuietHours.Timing timing = rules.timing(request, clientZone(record.key()),
                practices.settings(request.getTenantId()), Instant.ofEpochMilli(now));
        if (timing instanceof QuietHours.Timing.Now) {
            context.forward(record.withValue(HoldOutcome.released(request)));
        } else if (timing instanceof QuietHours.Timing.HoldUntil hold) {
            final Instant expiresAt = request.getExpiresAt();
            if (expiresAt != null && !expiresAt.isAfter(hold.releaseAt())) {
                notice(record.key(), request, DeliveryStatus.CANCELLED, EXPIRED,
                        "expires at " + expiresAt + ", before the sending window opens at " + hold.releaseAt(), null, now);
                return;
            }
            held.put(heldKey(hold.releaseAt().toEpochMilli(), record.key(), request.getRequestId()), request);
            notice(record.key(), request, DeliveryStatus.HELD_QUIET_HOURS, null,
                    "held for quiet hours until " + hold.releaseAt(), hold.releaseAt(), now);
        } else if (timing instanceof QuietHours.Timing.Never never) {
            notice(record.key(), request, DeliveryStatus.CANCELLED, NO_WINDOW, never.why(), null, now);
        }
    }

    /** Releases every held text whose window has opened (or that has expired meanwhile). */
    private void releaseDue() {
        final long now = now();
        final String notYetDue = heldKeyPrefix(now + 1);
        final List<KeyValue<String, MessageRequest>> due = new ArrayList<>();
        try (KeyValueIterator<String, MessageRequest> waiting = held.all()) {
            while (waiting.hasNext()) {
                final KeyValue<String, MessageRequest> entry = waiting.next();
                if (entry.key.compareTo(notYetDue) >= 0) {
                    break;
                }
                due.add(entry);
            }
        }
        for (final KeyValue<String, MessageRequest> entry : due) {
            final MessageRequest request = entry.value;
            final String clientKey = Identifiers.clientKey(request.getTenantId(), request.getClientId());
            final Instant expiresAt = request.getExpiresAt();
            if (expiresAt != null && !Instant.ofEpochMilli(now).isBefore(expiresAt)) {
                notice(clientKey, request, DeliveryStatus.CANCELLED, EXPIRED,
                        "expired at " + expiresAt + " while held for quiet hours", null, now);
            } else {
                context.forward(new Record<>(clientKey, HoldOutcome.released(request), context.currentSystemTimeMs()));
            }
            held.delete(entry.key);
        }
    }

    private void notice(final String key, final MessageRequest request, final DeliveryStatus status,
                        final String errorCode, final String message, final Instant releaseAt, final long now) {
        final DeliveryEvent event = DeliveryEvent.newBuilder()
                .setRequestId(request.getRequestId()).setTenantId(request.getTenantId()).setClientId(request.getClientId())
                .setProvider(PROVIDER).setStatus(status).setErrorCode(errorCode).setErrorMessage(message)
                .setAttempt(0).setAt(Instant.ofEpochMilli(now)).setReleaseAt(releaseAt)
                .build();
        // The record's timestamp is the stream thread's: the brokers refuse one far from their own clock.
        context.forward(new Record<>(key, HoldOutcome.noticed(event), context.currentSystemTimeMs()));
        LOG.info("Request {} for {}: {} {}", request.getRequestId(), key, status, message);
    }

    /** The client's zone on record; a consent record that cannot be read has none. */
    private Optional<String> clientZone(final String clientKey) {
        final VersionedRecord<byte[]> latest = consents.get(clientKey);
        if (latest == null) {
            return Optional.empty();
        }
        try {
            final ConsentState state = consentReader.deserialize(consentTopic, latest.value());
            return state == null ? Optional.empty() : Optional.ofNullable(state.getTimeZone());
        } catch (final UnreadableRecordException e) {
            return Optional.empty();
        }
    }

    private long now() {
        return clock.map(Clock::millis).orElseGet(context::currentSystemTimeMs);
    }

    /** Keys sort by release time: 19 zero-padded digits, so that a scan stops at the first one not yet due. */
    static String heldKey(final long releaseAt, final String clientKey, final String requestId) {
        return heldKeyPrefix(releaseAt) + "|" + clientKey + "|" + requestId;
    }

    private static String heldKeyPrefix(final long releaseAt) {
        return String.format(Locale.ROOT, "%019d", releaseAt);
    }
}
