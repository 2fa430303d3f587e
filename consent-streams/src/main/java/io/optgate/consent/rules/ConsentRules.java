package io.optgate.consent.rules;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

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
 *       BASIC_TRANSACTIONAL.</li>
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

    /** The {@code source} of the confirmation texts this app requests. */
    public static final String MESSAGE_SOURCE = "optgate-consent-streams";

    private static final Pattern KEYWORD = Pattern.compile("[A-Z]{1,16}");

    private final Duration marketingConfirmationTtl;

    /**
     * @param marketingConfirmationTtl how long a pending marketing request waits for YES; positive
     */
    public ConsentRules(final Duration marketingConfirmationTtl) {
        Objects.requireNonNull(marketingConfirmationTtl, "marketingConfirmationTtl");
        if (marketingConfirmationTtl.isZero() || marketingConfirmationTtl.isNegative()) {
            throw new IllegalArgumentException("marketing confirmation TTL must be positive, was " + marketingConfirmationTtl);
        }
        this.marketingConfirmationTtl = marketingConfirmationTtl;
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
    // Client events (consent.events)
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
        final Optional<Rejection> invalid = validate(event);
        if (invalid.isPresent()) {
            return reject(current, event, invalid.get());
        }
        final Trail trail = new Trail(current.orElseGet(
                () -> initialState(event.getTenantId(), event.getClientId(), event.getOccurredAt())),
                "event:" + event.getTenantId() + ":" + event.getEventId(), event.getEventId());
        settle(trail, practice, earliest(event.getOccurredAt(), now));
        final Object change = event.getChange();
        if (change instanceof SmsLevelRequested requested) {
            requestLevel(trail, event, requested, suppressed, practice);
        } else if (change instanceof ContactChanged contact) {
            changeContact(trail, event, contact, suppressed);
        } else if (change instanceof PreferenceConsentChanged preference) {
            changePreference(trail, event, preference, practice);
        } else {
            trail.reject(event, new Rejection(RejectionCode.UNSUPPORTED_CHANGE, "the kind of change is not supported."));
        }
        return trail.outcome();
    }

    /**
     * A REJECTED outcome for an event refused before the rules looked at it (e.g. a record key that
     * does not match the event): the state is unchanged and the note says why.
     */
    public Outcome reject(final Optional<ConsentState> current, final ConsentEvent event, final Rejection rejection) {
        final Trail trail = new Trail(current.orElseGet(
                () -> initialState(event.getTenantId(), event.getClientId(), event.getOccurredAt())),
                "event:" + event.getTenantId() + ":" + event.getEventId(), event.getEventId());
        trail.reject(event, rejection);
        return trail.outcome();
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
        if (!Identifiers.isValidId(event.getTenantId())) {
            return Optional.of(new Rejection(RejectionCode.INVALID_TENANT_ID,
                    "the practice id is not 1 to 64 letters, digits, '.', '_' or '-'."));
        }
        if (!Identifiers.isValidId(event.getClientId())) {
            return Optional.of(new Rejection(RejectionCode.INVALID_CLIENT_ID,
                    "the client id is not 1 to 64 letters, digits, '.', '_' or '-'."));
        }
        if (event.getEventId() == null || event.getEventId().isBlank()) {
            return Optional.of(new Rejection(RejectionCode.INVALID_EVENT_ID, "the event has no id."));
        }
        if (event.getActor().getType() == ActorType.SYSTEM) {
            return Optional.of(new Rejection(RejectionCode.SYSTEM_ACTOR_NOT_ALLOWED,
                    "system changes are made by optgate itself and are not accepted from outside."));
        }
        if (event.getActor().getId() == null || event.getActor().getId().isBlank()) {
            return Optional.of(new Rejection(RejectionCode.INVALID_ACTOR, "the actor has no id."));
        }
        final String phone;
        final String timeZone;
        if (event.getChange() instanceof SmsLevelRequested requested) {
            phone = requested.getPhone();
            timeZone = requested.getTimeZone();
        } else if (event.getChange() instanceof ContactChanged contact) {
            phone = contact.getPhone();
            timeZone = contact.getTimeZone();
        } else {
            phone = null;
            timeZone = null;
        }
        if (phone != null && !Identifiers.isE164(phone)) {
            return Optional.of(new Rejection(RejectionCode.INVALID_PHONE,
                    "the mobile number is not in E.164 format (+ and 8 to 15 digits)."));
        }
        if (timeZone != null && !Identifiers.isIanaTimeZone(timeZone)) {
            return Optional.of(new Rejection(RejectionCode.INVALID_TIME_ZONE,
                    "the time zone is not an IANA time zone id such as America/Chicago."));
        }
        return Optional.empty();
    }

    private void requestLevel(final Trail trail, final ConsentEvent event, final SmsLevelRequested requested,
                              final SuppressedNumbers suppressed, final Practice practice) {
        final ConsentState before = trail.state;
        final Actor actor = event.getActor();
        final String newPhone = requested.getPhone();
        final boolean phoneChanges = newPhone != null && !newPhone.equals(before.getPhone());
        final String phoneAfter = phoneChanges ? newPhone : before.getPhone();
        final boolean suppressedAfter = phoneChanges ? suppressed.isSuppressed(newPhone) : before.getPhoneSuppressed();
        final SmsLevel levelAfterPhone = phoneChanges && suppressedAfter ? SmsLevel.OPTED_OUT : before.getLevel();
        final SmsLevel target = requested.getLevel();
        final boolean optInStated = requested.getClientRequestedOptIn() || actor.getType() == ActorType.CLIENT;

        if (target != SmsLevel.OPTED_OUT && levelAfterPhone == SmsLevel.OPTED_OUT && !optInStated) {
            trail.reject(event, new Rejection(RejectionCode.OPT_IN_CONFIRMATION_REQUIRED,
                    "the client is Opted Out; changing SMS opt-in to " + Wording.level(target)
                            + " needs the statement that the client asked for it."));
            return;
        }
        final boolean marketingAlreadyHeldOrPending = !phoneChanges
                && (before.getLevel() == SmsLevel.MARKETING || before.getPendingLevel() == SmsLevel.MARKETING);
        if (target == SmsLevel.MARKETING && !marketingAlreadyHeldOrPending) {
            if (phoneAfter == null) {
                trail.reject(event, new Rejection(RejectionCode.PHONE_REQUIRED,
                        "Marketing needs a mobile number on record to send the confirmation text to."));
                return;
            }
            if (suppressedAfter) {
                trail.reject(event, new Rejection(RejectionCode.PHONE_SUPPRESSED,
                        "the mobile number replied STOP to this practice; Marketing can be requested once it replies START."));
                return;
            }
        }

        final Change change = trail.change();
        if (phoneChanges) {
            applyPhone(change, actor, newPhone, suppressed);
        }
        applyTimeZone(change, actor, requested.getTimeZone());
        final SmsLevel level = change.builder.getLevel();
        final SmsLevel pending = change.builder.getPendingLevel();
        switch (target) {
            case OPTED_OUT -> {
                if (level != SmsLevel.OPTED_OUT || pending != null) {
                    change.clearPending();
                    change.builder.setLevel(SmsLevel.OPTED_OUT);
                    change.note(NoteKind.LEVEL_CHANGED, level, SmsLevel.OPTED_OUT,
                            Wording.levelChanged(actor, level, SmsLevel.OPTED_OUT, false));
                }
            }
            case BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL -> {
                if (level != target) {
                    change.clearPending();
                    change.builder.setLevel(target);
                    change.note(NoteKind.LEVEL_CHANGED, level, target,
                            Wording.levelChanged(actor, level, target, level == SmsLevel.OPTED_OUT));
                } else if (pending != null) {
                    change.clearPending();
                    change.note(NoteKind.LEVEL_CHANGED, level, level, Wording.who(actor)
                            + " withdrew the pending Marketing request; SMS opt-in stays " + Wording.level(level) + ".");
                }
            }
            case MARKETING -> {
                if (level == SmsLevel.OPTED_OUT) {
                    // The confirmation text goes only to clients not opted out: the client's request to
                    // receive texts again lifts them to the default level while marketing waits for YES.
                    change.builder.setLevel(SmsLevel.BASIC_TRANSACTIONAL);
                    change.note(NoteKind.LEVEL_CHANGED, level, SmsLevel.BASIC_TRANSACTIONAL,
                            Wording.levelChanged(actor, level, SmsLevel.BASIC_TRANSACTIONAL, true));
                }
                if (change.builder.getLevel() != SmsLevel.MARKETING && change.builder.getPendingLevel() != SmsLevel.MARKETING) {
                    requestMarketing(change, event, practice);
                }
            }
        }
        trail.commit(change, event.getOccurredAt(), actor);
    }

    private void requestMarketing(final Change change, final ConsentEvent event, final Practice practice) {
        final Instant since = change.time(event.getOccurredAt());
        final SmsLevel level = change.builder.getLevel();
        change.builder.setPendingLevel(SmsLevel.MARKETING).setPendingSince(since);
        change.note(NoteKind.MARKETING_REQUESTED, level, level, Wording.who(event.getActor())
                + " requested Marketing texts; a confirmation text was sent and SMS opt-in stays "
                + Wording.level(level) + " until the client replies YES.");
        final String body = practice.settings()
                .map(CommunicationSettings::getMarketingConfirmationText)
                .filter(text -> !text.isBlank())
                .orElse(DEFAULT_CONFIRMATION_TEXT);
        change.message(MessageRequest.newBuilder()
                .setRequestId(nameUuid("confirmation:" + event.getTenantId() + ":" + event.getEventId()))
                .setTenantId(event.getTenantId())
                .setClientId(event.getClientId())
                .setTo(change.builder.getPhone())
                .setChannel(Channel.SMS)
                .setCategory(Category.CONSENT_CONFIRMATION)
                .setPreferenceId(null)
                .setBody(body)
                .setRequestedAt(since)
                .setExpiresAt(since.plus(marketingConfirmationTtl))
                .setSource(MESSAGE_SOURCE)
                .build());
    }

    private void changeContact(final Trail trail, final ConsentEvent event, final ContactChanged contact,
                               final SuppressedNumbers suppressed) {
        final Change change = trail.change();
        if (!Objects.equals(contact.getPhone(), trail.state.getPhone())) {
            applyPhone(change, event.getActor(), contact.getPhone(), suppressed);
        }
        applyTimeZone(change, event.getActor(), contact.getTimeZone());
        trail.commit(change, event.getOccurredAt(), event.getActor());
    }

    /** Records the client's time zone (quiet hours use it); null keeps the one on record. */
    private static void applyTimeZone(final Change change, final Actor actor, final String timeZone) {
        if (timeZone == null || timeZone.equals(change.builder.getTimeZone())) {
            return;
        }
        change.builder.setTimeZone(timeZone);
        final SmsLevel level = change.builder.getLevel();
        change.note(NoteKind.TIME_ZONE_CHANGED, level, level, Wording.who(actor) + " set the client's time zone to " + timeZone + ".");
    }

    private static void applyPhone(final Change change, final Actor actor, final String newPhone,
                                   final SuppressedNumbers suppressed) {
        final ConsentState.Builder builder = change.builder;
        final String oldPhone = builder.getPhone();
        final String what;
        if (oldPhone == null) {
            what = " added a mobile number.";
        } else if (newPhone == null) {
            what = " removed the mobile number.";
        } else {
            what = " changed the mobile number.";
        }
        final boolean hadPending = builder.getPendingLevel() != null;
        builder.setPhone(newPhone);
        change.clearPending();
        final SmsLevel level = builder.getLevel();
        change.note(NoteKind.PHONE_CHANGED, level, level, Wording.who(actor) + what
                + (hadPending ? " The pending Marketing request was withdrawn: its confirmation text went to the previous number." : ""));
        final boolean nowSuppressed = newPhone != null && suppressed.isSuppressed(newPhone);
        builder.setPhoneSuppressed(nowSuppressed);
        if (nowSuppressed) {
            builder.setLevel(SmsLevel.OPTED_OUT);
            change.note(NoteKind.OPTED_OUT_BY_PHONE, level, SmsLevel.OPTED_OUT,
                    "The new mobile number has replied STOP to this practice; "
                            + (level == SmsLevel.OPTED_OUT
                            ? "SMS opt-in stays Opted Out until the number replies START."
                            : "SMS opt-in changed from " + Wording.level(level) + " to Opted Out until the number replies START."));
        }
    }

    private void changePreference(final Trail trail, final ConsentEvent event, final PreferenceConsentChanged request,
                                  final Practice practice) {
        final Optional<Rejection> refused = checkPreference(event, request, practice);
        if (refused.isPresent()) {
            trail.reject(event, refused.get());
            return;
        }
        final String preferenceId = request.getPreferenceId();
        final String channel = request.getChannel().name();
        final Instant at = trail.time(event.getOccurredAt());
        final Instant validUntil = request.getGranted() ? effectiveValidUntil(request, practice, at) : null;
        final Map<String, PreferenceGrant> channels = trail.state.getPreferences().get(preferenceId);
        final PreferenceGrant existing = channels == null ? null : channels.get(channel);
        final boolean sameAsBefore = existing == null
                ? !request.getGranted()
                : existing.getGranted() == request.getGranted() && Objects.equals(existing.getValidUntil(), validUntil);
        if (sameAsBefore) {
            return;
        }
        final Change change = trail.change();
        change.putGrant(preferenceId, channel, new PreferenceGrant(request.getGranted(), validUntil, at));
        final String name = practice.preferenceName(preferenceId);
        final String text = request.getGranted()
                ? Wording.who(event.getActor()) + " granted consent for " + quoted(name) + " by "
                + Wording.channel(request.getChannel())
                + (validUntil == null ? " with no expiry." : " until " + Wording.instant(validUntil) + ".")
                : Wording.who(event.getActor()) + " withdrew consent for " + quoted(name) + " by "
                + Wording.channel(request.getChannel()) + ".";
        change.note(NoteKind.PREFERENCE_CHANGED, null, null, text);
        trail.commit(change, event.getOccurredAt(), event.getActor());
    }

    /**
     * Why a per-client preference change would be refused by this practice, if it would: the
     * feature off, an unknown, archived or fixed preference, a channel it is not offered on, or a
     * grant that would be expired when given.
     */
    public static Optional<Rejection> checkPreference(final ConsentEvent event, final PreferenceConsentChanged request,
                                                      final Practice practice) {
        if (!practice.preferencesEnabled()) {
            return Optional.of(new Rejection(RejectionCode.COMMUNICATION_PREFERENCES_DISABLED,
                    "communication preferences are switched off for this practice."));
        }
        final PreferenceDefinition definition = practice.preferences().get(request.getPreferenceId());
        if (definition == null) {
            return Optional.of(new Rejection(RejectionCode.UNKNOWN_PREFERENCE,
                    "the practice has no communication preference " + quoted(request.getPreferenceId()) + "."));
        }
        if (!definition.getActive()) {
            return Optional.of(new Rejection(RejectionCode.PREFERENCE_ARCHIVED,
                    "the communication preference " + quoted(definition.getName()) + " is archived."));
        }
        if (!definition.getEditable()) {
            return Optional.of(new Rejection(RejectionCode.NOT_EDITABLE,
                    "the communication preference " + quoted(definition.getName()) + " is fixed and cannot be changed per client."));
        }
        if (request.getChannel() == Channel.UNKNOWN || !definition.getChannels().contains(request.getChannel())) {
            return Optional.of(new Rejection(RejectionCode.CHANNEL_NOT_OFFERED,
                    "the communication preference " + quoted(definition.getName()) + " is not offered by "
                            + Wording.channel(request.getChannel()) + "."));
        }
        if (request.getGranted() && request.getValidUntil() != null && !request.getValidUntil().isAfter(event.getOccurredAt())) {
            return Optional.of(new Rejection(RejectionCode.INVALID_VALIDITY,
                    "the consent would have expired before it was given."));
        }
        return Optional.empty();
    }

    private static Instant effectiveValidUntil(final PreferenceConsentChanged request, final Practice practice, final Instant at) {
        if (request.getValidUntil() != null) {
            return request.getValidUntil();
        }
        return practice.settings()
                .map(CommunicationSettings::getDefaultValidityDays)
                .filter(days -> days > 0)
                .map(days -> at.plus(Duration.ofDays(days)))
                .orElse(null);
    }

    // ---------------------------------------------------------------------------------------------
    // Phone signals (consent.phone-events)
    // ---------------------------------------------------------------------------------------------

    /** Why a phone signal is invalid (ids, number format), if it is; such a signal changes nothing. */
    public static Optional<Rejection> validate(final PhoneConsentEvent signal) {
        if (!Identifiers.isValidId(signal.getTenantId())) {
            return Optional.of(new Rejection(RejectionCode.INVALID_TENANT_ID,
                    "the practice id is not 1 to 64 letters, digits, '.', '_' or '-'."));
        }
        if (!Identifiers.isE164(signal.getPhone())) {
            return Optional.of(new Rejection(RejectionCode.INVALID_PHONE,
                    "the mobile number is not in E.164 format (+ and 8 to 15 digits)."));
        }
        if (signal.getEventId() == null || signal.getEventId().isBlank()) {
            return Optional.of(new Rejection(RejectionCode.INVALID_EVENT_ID, "the event has no id."));
        }
        return Optional.empty();
    }

    /**
     * The number's new suppression state after a signal, empty when it does not change: STOP and
     * carrier opt-outs suppress, START lifts, YES and HELP leave it as it is. A number never seen is
     * not suppressed.
     */
    public static Optional<PhoneConsentState> onPhoneSignal(final Optional<PhoneConsentState> current,
                                                            final PhoneConsentEvent signal) {
        final boolean wasSuppressed = current.map(PhoneConsentState::getSuppressed).orElse(false);
        final boolean suppressedAfter = switch (signal.getKind()) {
            case OPT_OUT, CARRIER_OPT_OUT -> true;
            case OPT_IN -> false;
            case CONFIRM, HELP -> wasSuppressed;
        };
        if (suppressedAfter == wasSuppressed) {
            return Optional.empty();
        }
        final Instant at = current.map(PhoneConsentState::getUpdatedAt)
                .filter(previous -> previous.isAfter(signal.getOccurredAt()))
                .orElse(signal.getOccurredAt());
        return Optional.of(new PhoneConsentState(signal.getTenantId(), signal.getPhone(), suppressedAfter, signal.getKind(), at));
    }

    /**
     * Applies a phone signal to one client whose number on record is the signal's number (anyone
     * else is left unchanged): STOP and carrier opt-outs opt the client out; START lifts the
     * suppression and moves an OPTED_OUT client back to BASIC_TRANSACTIONAL; YES confirms a pending
     * marketing request that has not lapsed by the time of the reply.
     */
    public Outcome onPhoneSignal(final ConsentState client, final PhoneConsentEvent signal,
                                 final Practice practice, final Instant now) {
        if (!signal.getPhone().equals(client.getPhone()) || !signal.getTenantId().equals(client.getTenantId())) {
            return Outcome.unchanged();
        }
        final Trail trail = new Trail(client, "phone:" + signal.getTenantId() + ":" + signal.getEventId()
                + ":" + client.getClientId(), signal.getEventId());
        settle(trail, practice, earliest(signal.getOccurredAt(), now));
        final ConsentState before = trail.state;
        final SmsLevel level = before.getLevel();
        final Actor actor = signal.getKind() == PhoneConsentKind.CARRIER_OPT_OUT
                ? CARRIER
                : new Actor(ActorType.CLIENT, client.getClientId(), null);
        final String keyword = keyword(signal);
        final Change change = trail.change();
        switch (signal.getKind()) {
            case OPT_OUT, CARRIER_OPT_OUT -> {
                if (level == SmsLevel.OPTED_OUT && before.getPhoneSuppressed() && before.getPendingLevel() == null) {
                    return trail.outcome();
                }
                change.clearPending();
                change.builder.setLevel(SmsLevel.OPTED_OUT).setPhoneSuppressed(true);
                final String cause = signal.getKind() == PhoneConsentKind.CARRIER_OPT_OUT
                        ? "The carrier reported that the mobile number no longer accepts texts; "
                        : signal.getRevocationCue() != null
                        ? "The client's text was read as a request to stop texts (\"" + signal.getRevocationCue() + "\"); "
                        : "The client replied " + keyword + "; ";
                change.note(NoteKind.OPTED_OUT_BY_PHONE, level, SmsLevel.OPTED_OUT, cause
                        + (level == SmsLevel.OPTED_OUT
                        ? "SMS opt-in stays Opted Out and the number gets no texts from this practice until it replies START."
                        : "SMS opt-in changed from " + Wording.level(level) + " to Opted Out."));
            }
            case OPT_IN -> {
                if (level != SmsLevel.OPTED_OUT && !before.getPhoneSuppressed()) {
                    return trail.outcome();
                }
                change.builder.setPhoneSuppressed(false);
                final SmsLevel after = level == SmsLevel.OPTED_OUT ? SmsLevel.BASIC_TRANSACTIONAL : level;
                change.builder.setLevel(after);
                change.note(NoteKind.OPTED_IN_BY_PHONE, level, after, "The client replied " + keyword + "; "
                        + (after == level
                        ? "texts to the mobile number are allowed again and SMS opt-in stays " + Wording.level(level) + "."
                        : "SMS opt-in changed from " + Wording.level(level) + " to " + Wording.level(after) + "."));
            }
            case CONFIRM -> {
                if (before.getPendingLevel() != SmsLevel.MARKETING || before.getPhoneSuppressed() || level == SmsLevel.OPTED_OUT) {
                    return trail.outcome();
                }
                change.clearPending();
                change.builder.setLevel(SmsLevel.MARKETING);
                change.note(NoteKind.MARKETING_CONFIRMED, level, SmsLevel.MARKETING, "The client replied " + keyword
                        + " to the confirmation text; SMS opt-in changed from " + Wording.level(level) + " to Marketing.");
            }
            case HELP -> {
                return trail.outcome();
            }
        }
        trail.commit(change, signal.getOccurredAt(), actor);
        return trail.outcome();
    }

    private static String keyword(final PhoneConsentEvent signal) {
        final String keyword = signal.getKeyword();
        if (keyword != null && KEYWORD.matcher(keyword).matches()) {
            return keyword;
        }
        return switch (signal.getKind()) {
            case OPT_OUT, CARRIER_OPT_OUT -> "STOP";
            case OPT_IN -> "START";
            case CONFIRM -> "YES";
            case HELP -> "HELP";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // The clock: lapses and expiries
    // ---------------------------------------------------------------------------------------------

    /**
     * Applies what is due by {@code now}: a pending marketing request older than the TTL lapses and a
     * granted preference past its {@code validUntil} expires, each as its own version stamped with
     * the instant it fell due, with a note by optgate.
     */
    public Outcome onClock(final ConsentState client, final Practice practice, final Instant now) {
        final Trail trail = new Trail(client, "clock", null);
        settle(trail, practice, now);
        return trail.outcome();
    }

    /** The next instant something of this client falls due (lapse or expiry), if anything will. */
    public Optional<Instant> nextDeadline(final ConsentState client) {
        return dueItems(client, Instant.MAX).stream().map(Due::at).min(Comparator.naturalOrder());
    }

    private record Due(Instant at, String preferenceId, String channel) {
    }

    private List<Due> dueItems(final ConsentState state, final Instant by) {
        final List<Due> due = new ArrayList<>();
        if (state.getPendingLevel() != null) {
            final Instant since = state.getPendingSince() != null ? state.getPendingSince() : state.getUpdatedAt();
            final Instant deadline = since.plus(marketingConfirmationTtl);
            if (!deadline.isAfter(by)) {
                due.add(new Due(deadline, null, null));
            }
        }
        state.getPreferences().forEach((preferenceId, channels) -> channels.forEach((channel, grant) -> {
            if (grant.getGranted() && grant.getValidUntil() != null && !grant.getValidUntil().isAfter(by)) {
                due.add(new Due(grant.getValidUntil(), preferenceId, channel));
            }
        }));
        due.sort(Comparator.comparing(Due::at)
                .thenComparing(d -> d.preferenceId() == null ? "" : d.preferenceId())
                .thenComparing(d -> d.channel() == null ? "" : d.channel()));
        return due;
    }

    private void settle(final Trail trail, final Practice practice, final Instant by) {
        for (final Due due : dueItems(trail.state, by)) {
            final Change change = trail.change();
            final SmsLevel level = change.builder.getLevel();
            final String seed = "due:" + trail.state.getTenantId() + ":" + trail.state.getClientId() + ":"
                    + due.at().toEpochMilli() + ":" + (due.preferenceId() == null ? "marketing" : due.preferenceId() + ":" + due.channel());
            if (due.preferenceId() == null) {
                change.clearPending();
                change.note(NoteKind.MARKETING_LAPSED, level, level,
                        "The client did not confirm Marketing texts within " + Wording.duration(marketingConfirmationTtl)
                                + "; the request lapsed and SMS opt-in stays " + Wording.level(level) + ".");
            } else {
                final PreferenceGrant grant = trail.state.getPreferences().get(due.preferenceId()).get(due.channel());
                change.putGrant(due.preferenceId(), due.channel(), new PreferenceGrant(false, grant.getValidUntil(), due.at()));
                change.note(NoteKind.PREFERENCE_EXPIRED, null, null, "Consent for " + quoted(practice.preferenceName(due.preferenceId()))
                        + " by " + channelText(due.channel()) + " expired.");
            }
            // Seeded by what fell due, not by what noticed it: the punctuator and a later event write the same note id.
            trail.commitWithSeed(change, due.at(), OPTGATE, seed, null);
        }
    }

    private static String channelText(final String channelName) {
        for (final Channel channel : Channel.values()) {
            if (channel.name().equals(channelName)) {
                return Wording.channel(channel);
            }
        }
        return channelName.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private static Instant earliest(final Instant a, final Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String quoted(final String text) {
        return "\"" + text + "\"";
    }

    static String nameUuid(final String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private record NoteDraft(NoteKind kind, SmsLevel previous, SmsLevel next, String text) {
    }

    /** The edits of one version in the making. */
    private static final class Change {
        private final ConsentState.Builder builder;
        private final Instant notBefore;
        private final List<NoteDraft> notes = new ArrayList<>();
        private final List<MessageRequest> messages = new ArrayList<>();

        private Change(final ConsentState base) {
            this.builder = ConsentState.newBuilder(base);
            this.notBefore = base.getUpdatedAt();
        }

        void note(final NoteKind kind, final SmsLevel previous, final SmsLevel next, final String text) {
            notes.add(new NoteDraft(kind, previous, next, text));
        }

        void message(final MessageRequest request) {
            messages.add(request);
        }

        void clearPending() {
            builder.setPendingLevel(null).setPendingSince(null);
        }

        void putGrant(final String preferenceId, final String channel, final PreferenceGrant grant) {
            final Map<String, Map<String, PreferenceGrant>> preferences = new HashMap<>();
            builder.getPreferences().forEach((id, channels) -> preferences.put(id, new HashMap<>(channels)));
            preferences.computeIfAbsent(preferenceId, id -> new HashMap<>()).put(channel, grant);
            builder.setPreferences(preferences);
        }

        /** The time a version made at {@code at} carries: never before the version it follows. */
        Instant time(final Instant at) {
            return at.isBefore(notBefore) ? notBefore : at;
        }
    }

    /** The versions, notes and texts one input produces, in order. */
    private static final class Trail {
        private ConsentState state;
        private final String seed;
        private final String eventId;
        private final List<ConsentState> versions = new ArrayList<>();
        private final List<ConsentNote> notes = new ArrayList<>();
        private final List<MessageRequest> messages = new ArrayList<>();
        private Rejection rejection;
        private int noteCount;

        private Trail(final ConsentState state, final String seed, final String eventId) {
            this.state = state;
            this.seed = seed;
            this.eventId = eventId;
        }

        Change change() {
            return new Change(state);
        }

        Instant time(final Instant at) {
            return at.isBefore(state.getUpdatedAt()) ? state.getUpdatedAt() : at;
        }

        void commit(final Change change, final Instant at, final Actor actor) {
            commitWithSeed(change, at, actor, seed, eventId);
        }

        void commitWithSeed(final Change change, final Instant at, final Actor actor, final String noteSeed,
                            final String causeId) {
            if (change.notes.isEmpty()) {
                return;
            }
            final Instant time = change.time(at);
            state = change.builder
                    .setUpdatedAt(time)
                    .setUpdatedBy(actor)
                    .setVersion(state.getVersion() + 1)
                    .build();
            versions.add(state);
            int index = 0;
            for (final NoteDraft draft : change.notes) {
                final String noteId = noteSeed.equals(seed) ? nameUuid(seed + "#" + noteCount++) : nameUuid(noteSeed + "#" + index++);
                notes.add(note(draft, noteId, time, actor, causeId));
            }
            messages.addAll(change.messages);
        }

        void reject(final ConsentEvent event, final Rejection refused) {
            this.rejection = refused;
            final Actor actor = event.getActor();
            final SmsLevel level = state.getLevel();
            notes.add(note(new NoteDraft(NoteKind.REJECTED, level, level,
                            "A change by " + whoInSentence(actor) + " was refused: " + refused.reason()),
                    nameUuid(seed + "#" + noteCount++), event.getOccurredAt(), actor, event.getEventId()));
        }

        private ConsentNote note(final NoteDraft draft, final String noteId, final Instant at, final Actor actor,
                                 final String eventId) {
            return ConsentNote.newBuilder()
                    .setNoteId(noteId)
                    .setTenantId(state.getTenantId())
                    .setClientId(state.getClientId())
                    .setAt(at)
                    .setActor(actor)
                    .setKind(draft.kind())
                    .setPreviousLevel(draft.previous())
                    .setNewLevel(draft.next())
                    .setText(draft.text())
                    .setEventId(eventId)
                    .build();
        }

        Outcome outcome() {
            return new Outcome(versions, notes, messages, Optional.ofNullable(rejection));
        }

        private static String whoInSentence(final Actor actor) {
            return actor.getType() == ActorType.CLIENT ? "the client" : Wording.who(actor);
        }
    }
}
