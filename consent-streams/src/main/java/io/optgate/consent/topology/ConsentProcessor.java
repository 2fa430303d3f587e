package io.optgate.consent.topology;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.platform.contract.Identifiers;
import io.optgate.consent.rules.Outcome;
import io.optgate.consent.rules.Practice;
import io.optgate.consent.rules.Rejection;
import io.optgate.consent.rules.SuppressedNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.optgate.platform.dlq.DeadLetters;
import io.optgate.platform.logging.PhoneMasking;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides every input of one practice's task with {@link ConsentRules} and keeps the task's stores
 * (see {@link ConsentStores}) in step with what it emits. Inputs arrive re-keyed by practice, so a
 * STOP, the clients with that number and the clients given it later are all decided here, in order.
 *
 * <p>Each emitted record carries the event time of the change it reports (a state's
 * {@code updatedAt}, a note's {@code at}, a text's {@code requestedAt}), never the processing time:
 * the dispatcher reads {@code consent.state} as a versioned table by event time.
 *
 * <p>Every note emitted is counted as {@value #CHANGES} ({@code optgate_consent_changes_total}),
 * tagged {@code actor_type} and {@code kind} (lower snake case). A Micrometer counter is not part of
 * the exactly-once transaction: a task that is re-processed after a crash counts its notes again.
 */
final class ConsentProcessor implements Processor<String, TenantInput, String, ConsentOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentProcessor.class);
    private static final StringSerializer STRINGS = new StringSerializer();
    private static final String CLIENT_DUE = "c";
    private static final String DEDUP_DUE = "d";

    private final ConsentRules rules;
    private final ConsentTopologyOptions options;
    private final TenantInputSerde inputs;
    private final MeterRegistry meters;

    private ProcessorContext<String, ConsentOutput> context;
    private KeyValueStore<String, ConsentState> clients;
    private KeyValueStore<String, ConsentNote> notes;
    private KeyValueStore<String, Long> noteSequence;
    private KeyValueStore<String, String> phoneIndex;
    private KeyValueStore<String, PhoneConsentState> phoneStates;
    private KeyValueStore<String, ConsentSetting> settings;
    private KeyValueStore<String, String> processed;
    private KeyValueStore<String, String> deadlines;

    /** The Micrometer counter of consent changes (notes), by actor type and note kind. */
    public static final String CHANGES = "optgate.consent.changes";

    ConsentProcessor(final ConsentRules rules, final ConsentTopologyOptions options, final TenantInputSerde inputs,
                     final MeterRegistry meters) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.options = Objects.requireNonNull(options, "options");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public void init(final ProcessorContext<String, ConsentOutput> context) {
        this.context = context;
        this.clients = context.getStateStore(ConsentStores.CLIENTS);
        this.notes = context.getStateStore(ConsentStores.NOTES);
        this.noteSequence = context.getStateStore(ConsentStores.NOTE_SEQUENCE);
        this.phoneIndex = context.getStateStore(ConsentStores.PHONE_INDEX);
        this.phoneStates = context.getStateStore(ConsentStores.PHONE_STATE);
        this.settings = context.getStateStore(ConsentStores.SETTINGS);
        this.processed = context.getStateStore(ConsentStores.PROCESSED);
        this.deadlines = context.getStateStore(ConsentStores.DEADLINES);
        context.schedule(options.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::settleDue);
    }

    @Override
    public void process(final Record<String, TenantInput> record) {
        final TenantInput input = record.value();
        if (input == null) {
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        try {
            if (input instanceof TenantInput.ClientEvent event) {
                onClientEvent(event.sourceKey(), event.event(), now);
            } else if (input instanceof TenantInput.PhoneEvent phone) {
                onPhoneEvent(phone, record.timestamp(), now);
            } else if (input instanceof TenantInput.Setting setting) {
                onSetting(setting.sourceKey(), setting.setting());
            }
        } catch (final RuntimeException failure) {
            if (failure instanceof KafkaException) {
                // Store, serde and registry failures are Kafka's to retry or escalate, never the input's fault.
                throw failure;
            }
            // A bug in the rules must not stop every practice of this task: park the input with the reason.
            LOG.error("Consent processing failed for a record of practice {} from {}; dead-lettering it",
                    input.tenantId(), inputs.sourceTopic(input), failure);
            deadLetter(input, record.timestamp(), failure);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void onClientEvent(final String sourceKey, final ConsentEvent event, final Instant now) {
        final String processedKey = ConsentStores.processedEventKey(event.getTenantId(), event.getEventId());
        if (processed.get(processedKey) != null) {
            LOG.debug("Event {} of practice {} already processed; ignored", event.getEventId(), event.getTenantId());
            return;
        }
        // The event's own tenantId and clientId name its client; the record key only placed it, and
        // every input is re-keyed by practice before it gets here. A missing or wrong key (an
        // upstream producer's mistake) must not cost the change, least of all an opt-out.
        final String clientKey = Identifiers.clientKey(event.getTenantId(), event.getClientId());
        final ConsentState current = clients.get(clientKey);
        final Outcome outcome;
        final Optional<Rejection> untimely = ConsentRules.timeProblem(event.getOccurredAt(), now);
        if (untimely.isPresent()) {
            // Its note is dated now: the event's own time is what no record can carry.
            outcome = rules.reject(Optional.ofNullable(current), ConsentEvent.newBuilder(event).setOccurredAt(now).build(),
                    untimely.get());
        } else {
            if (!clientKey.equals(sourceKey)) {
                LOG.debug("Event {} of practice {} arrived under another key than its client's; applied to its client",
                        event.getEventId(), event.getTenantId());
            }
            final String tenantId = event.getTenantId();
            outcome = rules.onClientEvent(Optional.ofNullable(current), event, practice(tenantId),
                    suppressedNumbers(tenantId), now);
        }
        outcome.rejection().ifPresent(rejection -> LOG.info("Event {} of practice {} refused: {}",
                event.getEventId(), event.getTenantId(), rejection.code()));
        emit(clientKey, current, outcome);
        remember(processedKey, new ProcessedEvent(now, outcome.result(), outcome.rejection()), now);
    }

    private void onPhoneEvent(final TenantInput.PhoneEvent input, final long timestamp, final Instant now) {
        final PhoneConsentEvent signal = input.signal();
        final String tenantId = signal.getTenantId();
        final String processedKey = ConsentStores.processedPhoneEventKey(tenantId, signal.getEventId());
        if (processed.get(processedKey) != null) {
            LOG.debug("Phone event {} of practice {} already processed; ignored", signal.getEventId(), tenantId);
            return;
        }
        final Optional<Rejection> untimely = ConsentRules.timeProblem(signal.getOccurredAt(), now);
        if (untimely.isPresent()) {
            LOG.info("Phone event {} of practice {} refused: {}", signal.getEventId(), tenantId, untimely.get().code());
            deadLetter(input, timestamp, untimely.get().code().name(), untimely.get().reason());
            return;
        }
        final String phoneKey = Identifiers.phoneKey(tenantId, signal.getPhone());
        boolean changed = false;
        final Optional<PhoneConsentState> number = ConsentRules.onPhoneSignal(Optional.ofNullable(phoneStates.get(phoneKey)), signal);
        if (number.isPresent()) {
            phoneStates.put(phoneKey, number.get());
            forward(phoneKey, new ConsentOutput.PhoneState(number.get()), number.get().getUpdatedAt());
            changed = true;
            LOG.info("Number {} of practice {} is now {}", PhoneMasking.mask(signal.getPhone()), tenantId,
                    number.get().getSuppressed() ? "suppressed" : "allowed");
        }
        final Practice practice = practice(tenantId);
        for (final String clientId : clientsOf(phoneKey)) {
            final String clientKey = Identifiers.clientKey(tenantId, clientId);
            final ConsentState current = clients.get(clientKey);
            if (current == null) {
                continue;
            }
            final Outcome outcome = rules.onPhoneSignal(current, signal, practice, now);
            emit(clientKey, current, outcome);
            changed |= !outcome.versions().isEmpty();
        }
        remember(processedKey, new ProcessedEvent(now, changed ? Outcome.Result.APPLIED : Outcome.Result.UNCHANGED,
                Optional.empty()), now);
    }

    private void onSetting(final String key, final ConsentSetting setting) {
        if (setting == null) {
            settings.delete(key);
        } else {
            settings.put(key, setting);
        }
    }

    /** Wall-clock punctuation: lapses and expiries that fell due, and event ids past their retention. */
    private void settleDue(final long timestamp) {
        final Instant now = Instant.ofEpochMilli(timestamp);
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = deadlines.range("", ConsentStores.deadlinesDueBy(now))) {
            while (iterator.hasNext() && due.size() < options.maxDuePerPunctuation()) {
                due.add(iterator.next().key);
            }
        }
        for (final String deadline : due) {
            deadlines.delete(deadline);
            final String[] parts = deadline.split("\\|", 3);
            if (DEDUP_DUE.equals(parts[1])) {
                processed.delete(parts[2]);
            } else if (CLIENT_DUE.equals(parts[1])) {
                settleClient(parts[2], now);
            }
        }
    }

    private void settleClient(final String clientKey, final Instant now) {
        final ConsentState current = clients.get(clientKey);
        if (current == null) {
            return;
        }
        try {
            final Outcome outcome = rules.onClock(current, practice(current.getTenantId()), now);
            emit(clientKey, current, outcome);
            // An entry can fire early (e.g. after the TTL was lengthened): keep the client's real next deadline indexed.
            rules.nextDeadline(outcome.latest().orElse(current))
                    .ifPresent(next -> deadlines.put(ConsentStores.deadlineKey(next, CLIENT_DUE, clientKey), ""));
        } catch (final RuntimeException failure) {
            LOG.error("Settling due consent of a client of practice {} failed", current.getTenantId(), failure);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void emit(final String clientKey, final ConsentState before, final Outcome outcome) {
        ConsentState previous = before;
        for (final ConsentState version : outcome.versions()) {
            clients.put(clientKey, version);
            reindexPhone(clientKey, previous, version);
            reindexDeadline(clientKey, previous, version);
            forward(clientKey, new ConsentOutput.State(version), version.getUpdatedAt());
            previous = version;
        }
        for (final ConsentNote note : outcome.notes()) {
            final long sequence = Optional.ofNullable(noteSequence.get(clientKey)).orElse(0L) + 1;
            noteSequence.put(clientKey, sequence);
            notes.put(ConsentStores.noteKey(clientKey, note.getAt(), sequence), note);
            forward(clientKey, new ConsentOutput.Note(note), note.getAt());
            countChange(note);
        }
        for (final MessageRequest message : outcome.messages()) {
            forward(clientKey, new ConsentOutput.Message(message), message.getRequestedAt());
        }
    }

    private void reindexPhone(final String clientKey, final ConsentState previous, final ConsentState version) {
        final String before = previous == null ? null : previous.getPhone();
        final String after = version.getPhone();
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null) {
            phoneIndex.delete(phoneIndexKey(version.getTenantId(), before, version.getClientId()));
        }
        if (after != null) {
            phoneIndex.put(phoneIndexKey(version.getTenantId(), after, version.getClientId()), version.getClientId());
        }
    }

    private void reindexDeadline(final String clientKey, final ConsentState previous, final ConsentState version) {
        final Optional<Instant> before = previous == null ? Optional.empty() : rules.nextDeadline(previous);
        final Optional<Instant> after = rules.nextDeadline(version);
        if (before.equals(after)) {
            return;
        }
        before.ifPresent(at -> deadlines.delete(ConsentStores.deadlineKey(at, CLIENT_DUE, clientKey)));
        after.ifPresent(at -> deadlines.put(ConsentStores.deadlineKey(at, CLIENT_DUE, clientKey), ""));
    }

    private void remember(final String processedKey, final ProcessedEvent event, final Instant now) {
        processed.put(processedKey, event.encode());
        deadlines.put(ConsentStores.deadlineKey(now.plus(options.dedupRetention()), DEDUP_DUE, processedKey), "");
    }

    private List<String> clientsOf(final String phoneKey) {
        final List<String> clientIds = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = phoneIndex.prefixScan(ConsentStores.phoneIndexPrefix(phoneKey), STRINGS)) {
            iterator.forEachRemaining(entry -> clientIds.add(entry.value));
        }
        return clientIds;
    }

    private static String phoneIndexKey(final String tenantId, final String phone, final String clientId) {
        return ConsentStores.phoneIndexPrefix(Identifiers.phoneKey(tenantId, phone)) + clientId;
    }

    private SuppressedNumbers suppressedNumbers(final String tenantId) {
        return phone -> {
            final PhoneConsentState state = phoneStates.get(Identifiers.phoneKey(tenantId, phone));
            return state != null && state.getSuppressed();
        };
    }

    /** The practice as this task knows it from {@code consent.settings}. */
    private Practice practice(final String tenantId) {
        return ConsentStores.practice(settings, tenantId);
    }

    private void countChange(final ConsentNote note) {
        Counter.builder(CHANGES)
                .description("Consent changes (notes written), by actor type and note kind")
                .tag("actor_type", note.getActor().getType().name().toLowerCase(Locale.ROOT))
                .tag("kind", note.getKind().name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }

    private void forward(final String key, final ConsentOutput output, final Instant timestamp) {
        context.forward(new Record<>(key, output, timestamp.toEpochMilli()));
    }

    private void deadLetter(final TenantInput input, final long timestamp, final RuntimeException failure) {
        deadLetter(input, timestamp, "PROCESSING_FAILED", failure.getClass().getName());
    }

    private void deadLetter(final TenantInput input, final long timestamp, final String reason, final String detail) {
        final String topic = inputs.sourceTopic(input);
        final RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, utf8(reason));
        headers.add(DeadLetters.DETAIL, utf8(detail));
        headers.add(DeadLetters.SOURCE_TOPIC, utf8(topic));
        headers.add(DeadLetters.APP, utf8(context.applicationId()));
        context.forward(new Record<String, ConsentOutput>(input.sourceKey(),
                new ConsentOutput.DeadLetter(topic, inputs.sourceValue(input)), timestamp, headers));
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
