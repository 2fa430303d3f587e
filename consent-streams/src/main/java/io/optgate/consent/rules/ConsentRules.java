package io.optgate.consent.rules;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.SmsLevel;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * The consent rules of one client, as pure functions: the current state and an input in, the new
 * versions, the notes and the texts to request out. No Kafka, no clock of its own (callers pass
 * {@code now}), no I/O; the topology only wires these calls, and the HTTP API asks the same
 * functions whether a change would be refused.
 *
 * <p>The rules, from PRODUCT.md and the seeds:
 * <ul>
 *   <li>A client with no recorded choice is BASIC_TRANSACTIONAL.</li>
 *   <li>Selecting MARKETING keeps the level, records a pending request and requests a
 *       CONSENT_CONFIRMATION text; YES from the client's number makes the level MARKETING; an
 *       unanswered request lapses after the confirmation TTL (default {@value #DEFAULT_TTL_TEXT}),
 *       with a note.</li>
 *   <li>Leaving OPTED_OUT needs {@code clientRequestedOptIn} (a CLIENT actor is the client's own
 *       request); otherwise the change is refused with a REJECTED note.</li>
 *   <li>A change to what the client already has writes no version and no note.</li>
 *   <li>STOP or a carrier opt-out suppresses the number for every client of the practice with it,
 *       including clients given the number later; START lifts it and moves OPTED_OUT clients back to
 *       BASIC_TRANSACTIONAL. A level request that brings a stopped number records the number (and
 *       time zone) like a contact change, the client opted out by it, and refuses only the level
 *       when the STOP is all that stands in its way, so the result does not depend on whether the
 *       STOP was decided before or after the request.</li>
 *   <li>SYSTEM changes never come from outside: optgate's own changes (lapses, expiries) are made
 *       here, so any SYSTEM event on {@code consent.events} is refused.</li>
 *   <li>Communication preference grants need the feature on, a known, active, editable preference
 *       offered on the channel; a grant without {@code validUntil} gets the practice's default
 *       validity; an expired grant is withdrawn with a note.</li>
 * </ul>
 */
public final class ConsentRules {

    /** How long a marketing request waits for the client's YES when not configured: 7 days. */
    public static final Duration DEFAULT_MARKETING_CONFIRMATION_TTL = Duration.ofDays(7);
    private static final String DEFAULT_TTL_TEXT = "P7D";

    /** The actor of optgate's own changes: lapses and expiries. */
    public static final Actor OPTGATE = new Actor(ActorType.SYSTEM, "optgate-consent-streams", "optgate");

    /** The actor of a carrier's opt-out report. */
    public static final Actor CARRIER = new Actor(ActorType.SYSTEM, "carrier", "Carrier");

    /** The confirmation text when the practice has not written one. */
    public static final String DEFAULT_CONFIRMATION_TEXT =
            "Your veterinary practice would like to send you offers and news by text. "
                    + "Reply YES to agree. Reply STOP to opt out of all texts.";

    /** The longest policy version an event's evidence may state. */
    public static final int MAX_POLICY_VERSION = 100;

    /** The longest free text an event's evidence may carry. */
    public static final int MAX_EVIDENCE_TEXT = 2000;

    /** The {@code source} of the confirmation texts this app requests. */
    public static final String MESSAGE_SOURCE = "optgate-consent-streams";

    private final Duration marketingConfirmationTtl;
    // The three input families, each in its own file; they share the state of one input's work
    // (Trail, Change) and the sentences of the notes (Wording).
    private final ClockRules clock;
    private final ClientEventRules clientEvents;
    private final PhoneSignalRules phoneSignals;


    /**
     * @param marketingConfirmationTtl how long a pending marketing request waits for YES; positive
     */
    public ConsentRules(final Duration marketingConfirmationTtl) {
        Objects.requireNonNull(marketingConfirmationTtl, "marketingConfirmationTtl");
        if (marketingConfirmationTtl.isZero() || marketingConfirmationTtl.isNegative()) {
            throw new IllegalArgumentException("marketing confirmation TTL must be positive, was " + marketingConfirmationTtl);
        }
        this.marketingConfirmationTtl = marketingConfirmationTtl;
        this.clock = new ClockRules(marketingConfirmationTtl);
        this.clientEvents = new ClientEventRules(marketingConfirmationTtl, clock);
        this.phoneSignals = new PhoneSignalRules(clock);
    }

    /** The confirmation TTL these rules apply. */
    public Duration marketingConfirmationTtl() {
        return marketingConfirmationTtl;
    }

    /**
     * The state of a client nobody changed yet: BASIC_TRANSACTIONAL, no phone, version 0. It is
     * what GET answers for an unknown client and never itself written to {@code consent.state}.
     */
    public static ConsentState initialState(final String tenantId, final String clientId, final Instant at) {
        return ConsentState.newBuilder()
                .setTenantId(tenantId)
                .setClientId(clientId)
                .setPhone(null)
                .setLevel(SmsLevel.BASIC_TRANSACTIONAL)
                .setPendingLevel(null)
                .setPendingSince(null)
                .setPhoneSuppressed(false)
                .setPreferences(new HashMap<>())
                .setUpdatedAt(at)
                .setUpdatedBy(OPTGATE)
                .setVersion(0L)
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // Client events (consent.events): ClientEventRules
    // ---------------------------------------------------------------------------------------------

    /**
     * Applies one event of {@code consent.events} to the client it names.
     *
     * @param current    the client's state, empty for a client never changed
     * @param event      the event
     * @param practice   the client's practice
     * @param suppressed the practice's suppressed numbers, for a number given to the client
     * @param now        the wall clock; lapses due by {@code min(now, occurredAt)} are applied first
     */
    public Outcome onClientEvent(final Optional<ConsentState> current, final ConsentEvent event,
                                 final Practice practice, final SuppressedNumbers suppressed, final Instant now) {
        return clientEvents.onEvent(current, event, practice, suppressed, now);
    }

    /**
     * A REJECTED outcome for an event refused before the rules looked at it (e.g. a record key that
     * does not match the event): the state is unchanged and the note says why.
     */
    public Outcome reject(final Optional<ConsentState> current, final ConsentEvent event, final Rejection rejection) {
        return ClientEventRules.reject(current, event, rejection);
    }

    /**
     * How far ahead of the clock a change may be dated: the broker's default tolerance for record
     * times ({@code log.message.timestamp.after.max.ms}). Notes and states carry the change's time.
     */
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    /**
     * Why a change or signal cannot be recorded at its time, if it cannot: before 1970 (no Kafka
     * record may carry a negative time) or more than {@link #MAX_AHEAD} ahead of {@code now}.
     */
    public static Optional<Rejection> timeProblem(final Instant occurredAt, final Instant now) {
        if (occurredAt.toEpochMilli() < 0 || occurredAt.isAfter(now.plus(MAX_AHEAD))) {
            return Optional.of(new Rejection(RejectionCode.INVALID_TIME,
                    "the time of the change is before 1970 or more than an hour ahead of the clock."));
        }
        return Optional.empty();
    }

    /** Why the event is invalid whatever the state (ids, actor, phone format), if it is. */
    public static Optional<Rejection> validate(final ConsentEvent event) {
        return ClientEventRules.validate(event);
    }

    /**
     * Why a per-client preference change would be refused by this practice, if it would: the
     * feature off, an unknown, archived or fixed preference, a channel it is not offered on, or a
     * grant that would be expired when given.
     */
    public static Optional<Rejection> checkPreference(final ConsentEvent event, final PreferenceConsentChanged request,
                                                      final Practice practice) {
        return ClientEventRules.checkPreference(event, request, practice);
    }

    // ---------------------------------------------------------------------------------------------
    // Phone signals (consent.phone-events): PhoneSignalRules
    // ---------------------------------------------------------------------------------------------

    /** Why a phone signal is invalid (ids, number format), if it is; such a signal changes nothing. */
    public static Optional<Rejection> validate(final PhoneConsentEvent signal) {
        return PhoneSignalRules.validate(signal);
    }

    /**
     * The number's new suppression state after a signal, empty when it does not change: STOP and
     * carrier opt-outs suppress, START lifts, YES and HELP leave it as it is. A number never seen is
     * not suppressed.
     */
    public static Optional<PhoneConsentState> onPhoneSignal(final Optional<PhoneConsentState> current,
                                                            final PhoneConsentEvent signal) {
        return PhoneSignalRules.onNumber(current, signal);
    }

    /**
     * Applies a phone signal to one client whose number on record is the signal's number (anyone
     * else is left unchanged): STOP and carrier opt-outs opt the client out; START lifts the
     * suppression and moves an OPTED_OUT client back to BASIC_TRANSACTIONAL; YES confirms a pending
     * marketing request that has not lapsed by the time of the reply.
     */
    public Outcome onPhoneSignal(final ConsentState client, final PhoneConsentEvent signal,
                                 final Practice practice, final Instant now) {
        return phoneSignals.onClient(client, signal, practice, now);
    }

    // ---------------------------------------------------------------------------------------------
    // The clock (lapses and expiries): ClockRules
    // ---------------------------------------------------------------------------------------------

    /**
     * Applies what is due by {@code now}: a pending marketing request older than the TTL lapses and a
     * granted preference past its {@code validUntil} expires, each as its own version stamped with
     * the instant it fell due, with a note by optgate.
     */
    public Outcome onClock(final ConsentState client, final Practice practice, final Instant now) {
        return clock.onClock(client, practice, now);
    }

    /** The next instant something of this client falls due (lapse or expiry), if anything will. */
    public Optional<Instant> nextDeadline(final ConsentState client) {
        return clock.nextDeadline(client);
    }
}
