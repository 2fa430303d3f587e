package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.decision.ClientConsent;
import io.optgate.dispatcher.decision.Decision;
import io.optgate.dispatcher.decision.DecisionInput;
import io.optgate.dispatcher.decision.DispatchRules;
import io.optgate.platform.contract.Identifiers;
import io.optgate.dispatcher.decision.PhoneStatus;
import io.optgate.dispatcher.decision.RequestValidation;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.practice.PracticeStores;
import io.optgate.dispatcher.practice.StorePracticeDirectory;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.Verdict;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Judges every request of its partition exactly once.
 *
 * <ol>
 *   <li>A requestId already seen for this client within the duplicate window is DUPLICATE_REQUEST
 *       at once; otherwise it is remembered (even when the request is invalid: the same id twice
 *       is one request). It is remembered by storing its decision ({@link DecidedRequests}), which
 *       is also the client's recent decisions and, through {@link RequestIndex}, the decision part
 *       of a message's status; while a request waits in the buffer, the buffer itself remembers
 *       it. A CONSENT_STALE decision is stored but is no reason to drop a later copy.</li>
 *   <li>An invalid request is INVALID_REQUEST at once: no consent could change that.</li>
 *   <li>A valid request is judged at once when there is no grace period and consent is known
 *       current up to its time ({@link io.optgate.dispatcher.progress.ConsentProgress}); otherwise it
 *       waits in a buffer store for the grace period (wall clock) and until consent is current, and
 *       is then judged against the consent at its {@code requestedAt} and the latest consent; after
 *       the bound ({@code consentMaxWait}) it is CONSENT_STALE instead. A wall-clock
 *       punctuation releases it, so a quiet partition never holds a request back; the buffer is a
 *       changelogged store, so under exactly-once a request is either still buffered or decided,
 *       never lost and never decided twice.</li>
 *   <li>A text the rules would send is checked against its category's frequency cap last
 *       ({@link FrequencyLedger}).</li>
 * </ol>
 */
final class RequestJudge implements Processor<String, MessageRequest, String, Outcome> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestJudge.class);

    private final DispatchTuning tuning;
    private final DispatchTopology.Reading reading;

    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, MessageRequest> buffer;
    private WindowStore<String, byte[]> seen;
    /** {@link RequestIndex}: rebuilt from {@link #seen} at every init, never logged. */
    private WindowStore<String, String> index;
    /** The buffer's requests by what they wait for: rebuilt from the (restored) buffer at every init. */
    private final WaitingRequests waiting = new WaitingRequests();
    private ConsentLookup consent;
    private FrequencyLedger caps;
    private PracticeDirectory practices;
    private DecisionMetrics meters;
    private int partition;

    private final DecidedRequests decided;

    RequestJudge(final DispatchTuning tuning, final DispatchTopology.Reading reading, final DecidedRequests decided) {
        this.tuning = tuning;
        this.reading = reading;
        this.decided = decided;
    }

    @Override
    public void init(final ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.buffer = context.getStateStore(DispatchTopology.BUFFER_STORE);
        this.seen = context.getStateStore(DispatchTopology.REQUEST_IDS_STORE);
        this.index = context.getStateStore(DispatchTopology.REQUEST_INDEX_STORE);
        RequestIndex.rebuild(index, seen);
        final VersionedKeyValueStore<String, byte[]> consents = context.getStateStore(DispatchTopology.CONSENT_STORE);
        final KeyValueStore<String, byte[]> phones = context.getStateStore(PracticeStores.PHONE_STATE_STORE);
        final KeyValueStore<String, byte[]> settings = context.getStateStore(PracticeStores.SETTINGS_STORE);
        this.consent = new ConsentLookup(consents, phones, reading);
        this.practices = new StorePracticeDirectory(() -> settings, reading.settings(), reading.settingsTopic());
        this.caps = new FrequencyLedger(context.getStateStore(DispatchTopology.SENT_STORE), tuning.marketingCap(), practices);
        this.meters = new DecisionMetrics(context.metrics(), context.taskId().toString());
        waiting.clear();
        try (KeyValueIterator<String, MessageRequest> buffered = buffer.all()) {
            while (buffered.hasNext()) {
                final KeyValue<String, MessageRequest> entry = buffered.next();
                remember(entry.key, clientKey(entry.value), entry.value);
            }
        }
        this.partition = context.taskId().partition();
        if (!tuning.grace().isZero() || tuning.waitsForConsent()) {
            context.schedule(tuning.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::releaseDue);
        }
    }

    @Override
    public void process(final Record<String, MessageRequest> record) {
        final MessageRequest request = record.value();
        if (request == null) {
            LOG.warn("Skipped a message request without a value (a tombstone) at {}", position());
            return;
        }
        final long now = context.currentSystemTimeMs();
        final String key = record.key();
        if (Identifiers.isValidRequestId(request.getRequestId()) && seenBefore(DecidedRequests.key(key, request.getRequestId()), now)) {
            LOG.info("Duplicate request {} for {}", request.getRequestId(), key);
            emit(key, request, Decision.duplicate(), now);
            return;
        }
        if (RequestValidation.problem(key, request).isPresent()
                || (tuning.grace().isZero() && consentCurrentFor(request, now))) {
            emit(key, request, judge(key, request, now), now);
            return;
        }
        final String bufferKey = bufferKey(now, key, request.getRequestId());
        buffer.put(bufferKey, request);
        remember(bufferKey, key, request);
    }

    private void remember(final String bufferKey, final String clientKey, final MessageRequest request) {
        final long arrival = arrivalOf(bufferKey);
        waiting.add(bufferKey, DecidedRequests.key(clientKey, request.getRequestId()), neededUpTo(request, arrival), arrival);
    }

    private boolean seenBefore(final String seenKey, final long now) {
        if (waiting.contains(seenKey)) {
            return true;
        }
        final long from = Math.max(0, now - tuning.duplicateWindow().toMillis());
        final List<Long> stale = new ArrayList<>();
        try (WindowStoreIterator<byte[]> earlier = seen.fetch(seenKey, from, now)) {
            while (earlier.hasNext()) {
                final KeyValue<Long, byte[]> entry = earlier.next();
                if (decided.countsAsSeen(entry.value)) {
                    return true;
                }
                stale.add(entry.key);
            }
        }
        // This copy is judged again and its decision takes the stale one's place (a delete only in
        // this rare case, so that the status and a client's decisions show one decision per request).
        for (final long windowStart : stale) {
            seen.put(seenKey, null, windowStart);
        }
        return false;
    }

    /**
     * Whether consent is known current up to the request's time: its {@code requestedAt}, or its
     * arrival when that is earlier (an upstream clock ahead of ours must not hold a request back).
     */
    private boolean consentCurrentFor(final MessageRequest request, final long arrival) {
        return tuning.consentProgress().currentUpTo(partition) >= neededUpTo(request, arrival);
    }

    private static long neededUpTo(final MessageRequest request, final long arrival) {
        return Math.min(request.getRequestedAt().toEpochMilli(), arrival);
    }

    /**
     * Judges and forwards every buffered request that has waited out the grace period and whose
     * consent is known current; one that has waited the bound on top of that is CONSENT_STALE. Reads
     * only what leaves the buffer: the ready ones by key ({@link WaitingRequests}), the stale ones
     * as the buffer's oldest keys.
     */
    private void releaseDue(final long wallClock) {
        final long currentUpTo = tuning.consentProgress().currentUpTo(partition);
        final Set<String> ready = new LinkedHashSet<>(waiting.ready(currentUpTo, wallClock - tuning.grace().toMillis()));
        final long staleBy = wallClock - tuning.grace().toMillis() - tuning.consentMaxWait().toMillis();
        final List<KeyValue<String, MessageRequest>> stale = new ArrayList<>();
        if (staleBy >= 0) {
            final String notYetStale = bufferKeyPrefix(staleBy + 1);
            try (KeyValueIterator<String, MessageRequest> oldest = buffer.all()) {
                while (oldest.hasNext()) {
                    final KeyValue<String, MessageRequest> entry = oldest.next();
                    if (entry.key.compareTo(notYetStale) >= 0) {
                        break;
                    }
                    if (!ready.contains(entry.key)) {
                        stale.add(entry);
                    }
                }
            }
        }
        for (final String bufferKey : ready) {
            final MessageRequest request = buffer.get(bufferKey);
            if (request == null) {
                waiting.remove(bufferKey);
                continue;
            }
            final String clientKey = clientKey(request);
            release(KeyValue.pair(bufferKey, request), clientKey, judge(clientKey, request, wallClock), wallClock);
        }
        for (final KeyValue<String, MessageRequest> entry : stale) {
            LOG.warn("Request {} for {}: consent not known current up to its time within {}: CONSENT_STALE, not sent",
                    entry.value.getRequestId(), clientKey(entry.value), tuning.consentMaxWait());
            release(entry, clientKey(entry.value), Decision.consentStale("consent was not known to be current up to the request's "
                    + "time within " + tuning.consentMaxWait() + " (is consent-streams running and caught up?); not sent, "
                    + "send it again with the same requestId"), wallClock);
        }
    }

    private void release(final KeyValue<String, MessageRequest> entry, final String clientKey, final Decision decision,
                         final long wallClock) {
        emit(clientKey, entry.value, decision, wallClock);
        buffer.delete(entry.key);
        waiting.remove(entry.key);
    }

    private static String clientKey(final MessageRequest request) {
        return Identifiers.clientKey(request.getTenantId(), request.getClientId());
    }

    private static long arrivalOf(final String bufferKey) {
        return Long.parseLong(bufferKey.substring(0, 19));
    }

    private Decision judge(final String key, final MessageRequest request, final long now) {
        final ConsentLookup.Views views = RequestValidation.problem(key, request).isPresent()
                ? new ConsentLookup.Views(ClientConsent.neverSeen(), ClientConsent.neverSeen())
                : consent.client(key, request.getRequestedAt());
        final PhoneStatus phone = needsPhoneState(request)
                ? consent.phone(request.getTenantId(), request.getTo())
                : PhoneStatus.CLEAR;
        final Optional<CommunicationSettings> settings = request.getPreferenceId() == null
                ? Optional.empty()
                : practices.settings(request.getTenantId());
        final Optional<PreferenceDefinition> preference = request.getPreferenceId() == null
                ? Optional.empty()
                : practices.preference(request.getTenantId(), request.getPreferenceId());
        final DecisionInput input = new DecisionInput(
                key, request, views.atRequestTime(), phone, settings, preference, Instant.ofEpochMilli(now));
        return caps.apply(key, request, DispatchRules.decide(input, views.latest()), now);
    }

    private static boolean needsPhoneState(final MessageRequest request) {
        return request.getChannel() != null
                && switch (request.getChannel()) {
                    case SMS, PHONE -> Identifiers.isValidId(request.getTenantId()) && Identifiers.isE164(request.getTo());
                    case EMAIL, LETTER, UNKNOWN -> false;
                };
    }

    private void emit(final String key, final MessageRequest request, final Decision decision, final long now) {
        final var record = DecisionRecords.of(request, decision, Instant.ofEpochMilli(now));
        if (remembered(record.getReason()) && Identifiers.isValidRequestId(request.getRequestId())) {
            final String seenKey = DecidedRequests.key(key, request.getRequestId());
            seen.put(seenKey, decided.encode(record), now);
            RequestIndex.put(index, seenKey, now);
        }
        final Optional<MessageRequest> outbound = record.getVerdict() == Verdict.SEND ? Optional.of(request) : Optional.empty();
        context.forward(new Record<>(key, new Outcome(record, outbound), now));
        meters.record(record);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Request {} for {}: {} {}", request.getRequestId(), key, record.getVerdict(), record.getReason());
        }
    }

    /**
     * A duplicate is not the request. CONSENT_STALE is remembered for the status API, but does not
     * make a later copy a duplicate ({@link DecidedRequests#countsAsSeen}).
     */
    private static boolean remembered(final DecisionReason reason) {
        return reason != DecisionReason.DUPLICATE_REQUEST;
    }

    @Override
    public void close() {
        if (meters != null) {
            meters.close();
        }
    }

    private String position() {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(punctuation)");
    }

    /** Keys sort by arrival time: 19 zero-padded digits, so that a scan stops at the first one not yet due. */
    static String bufferKey(final long arrival, final String clientKey, final String requestId) {
        return bufferKeyPrefix(arrival) + "|" + clientKey + "|" + requestId;
    }

    private static String bufferKeyPrefix(final long arrival) {
        return String.format(Locale.ROOT, "%019d", arrival);
    }
}
