package io.optgate.consent.rules;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentEvidence;
import io.optgate.schema.ConsentState;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of {@code consent.events}: SMS level requests (with the marketing double opt-in),
 * contact changes and per-client communication preference grants.
 */
final class ClientEventRules {

    private final Duration marketingConfirmationTtl;
    private final ClockRules clock;

    ClientEventRules(final Duration marketingConfirmationTtl, final ClockRules clock) {
        this.marketingConfirmationTtl = marketingConfirmationTtl;
        this.clock = clock;
    }

    Outcome onEvent(final Optional<ConsentState> current, final ConsentEvent event,
                    final Practice practice, final SuppressedNumbers suppressed, final Instant now) {
        final Optional<Rejection> invalid = validate(event);
        if (invalid.isPresent()) {
            return reject(current, event, invalid.get());
        }
        final Trail trail = Trail.forEvent(current, event);
        clock.settle(trail, practice, ClockRules.earliest(event.getOccurredAt(), now));
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

    static Outcome reject(final Optional<ConsentState> current, final ConsentEvent event, final Rejection rejection) {
        final Trail trail = Trail.forEvent(current, event);
        trail.reject(event, rejection);
        return trail.outcome();
    }

    static Optional<Rejection> validate(final ConsentEvent event) {
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
        return evidenceProblem(event.getEvidence());
    }

    /** Evidence is kept for years and exported to regulators: a stated part must say something, briefly. */
    private static Optional<Rejection> evidenceProblem(final ConsentEvidence evidence) {
        if (evidence == null) {
            return Optional.empty();
        }
        if (!statedBriefly(evidence.getPolicyVersion(), ConsentRules.MAX_POLICY_VERSION)) {
            return Optional.of(new Rejection(RejectionCode.INVALID_EVIDENCE,
                    "the evidence's policy version is blank or longer than " + ConsentRules.MAX_POLICY_VERSION + " characters."));
        }
        if (!statedBriefly(evidence.getText(), ConsentRules.MAX_EVIDENCE_TEXT)) {
            return Optional.of(new Rejection(RejectionCode.INVALID_EVIDENCE,
                    "the evidence's text is blank or longer than " + ConsentRules.MAX_EVIDENCE_TEXT + " characters."));
        }
        return Optional.empty();
    }

    private static boolean statedBriefly(final String text, final int max) {
        return text == null || (!text.isBlank() && text.length() <= max);
    }

    private void requestLevel(final Trail trail, final ConsentEvent event, final SmsLevelRequested requested,
                              final SuppressedNumbers suppressed, final Practice practice) {
        final ConsentState before = trail.state();
        final Actor actor = event.getActor();
        final String newPhone = requested.getPhone();
        final boolean phoneChanges = newPhone != null && !newPhone.equals(before.getPhone());
        final String phoneAfter = phoneChanges ? newPhone : before.getPhone();
        final boolean suppressedAfter = phoneChanges ? suppressed.isSuppressed(newPhone) : before.getPhoneSuppressed();
        final SmsLevel levelAfterPhone = phoneChanges && suppressedAfter ? SmsLevel.OPTED_OUT : before.getLevel();
        final SmsLevel target = requested.getLevel();
        final boolean optInStated = requested.getClientRequestedOptIn() || actor.getType() == ActorType.CLIENT;

        // A new number that has replied STOP opts the client out whatever the request: it is recorded as
        // a ContactChanged would record it and only the level is refused. The STOP may be decided
        // before or after a request written earlier (its topic is read by another task), and either
        // way the client ends up with the number, opted out by it (docs/RELIABILITY.md, finding 5).
        final boolean bringsStoppedNumber = phoneChanges && suppressedAfter;
        if (target != SmsLevel.OPTED_OUT && levelAfterPhone == SmsLevel.OPTED_OUT && !optInStated) {
            if (bringsStoppedNumber && before.getLevel() != SmsLevel.OPTED_OUT) {
                recordContactRefuseLevel(trail, event, requested, suppressed, new Rejection(RejectionCode.OPT_IN_CONFIRMATION_REQUIRED,
                        "the new mobile number has replied STOP to this practice; changing SMS opt-in to " + Wording.level(target)
                                + " needs the statement that the client asked for it."));
                return;
            }
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
                final Rejection refused = new Rejection(RejectionCode.PHONE_SUPPRESSED,
                        "the mobile number replied STOP to this practice; Marketing can be requested once it replies START.");
                if (bringsStoppedNumber) {
                    recordContactRefuseLevel(trail, event, requested, suppressed, refused);
                } else {
                    trail.reject(event, refused);
                }
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
                    change.note(NoteKind.LEVEL_CHANGED, level, level, Wording.pendingWithdrawn(actor, level));
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

    /**
     * The request's number and time zone applied as a {@link ContactChanged} applies them (a stopped
     * number opts the client out), then the refusal of its level: a REJECTED note after the others.
     */
    private static void recordContactRefuseLevel(final Trail trail, final ConsentEvent event, final SmsLevelRequested requested,
                                                 final SuppressedNumbers suppressed, final Rejection refused) {
        final Change change = trail.change();
        applyPhone(change, event.getActor(), requested.getPhone(), suppressed);
        applyTimeZone(change, event.getActor(), requested.getTimeZone());
        trail.commit(change, event.getOccurredAt(), event.getActor());
        trail.reject(event, refused);
    }

    private void requestMarketing(final Change change, final ConsentEvent event, final Practice practice) {
        final Instant since = change.time(event.getOccurredAt());
        final SmsLevel level = change.builder.getLevel();
        change.builder.setPendingLevel(SmsLevel.MARKETING).setPendingSince(since);
        change.note(NoteKind.MARKETING_REQUESTED, level, level, Wording.marketingRequested(event.getActor(), level));
        final String body = practice.settings()
                .map(CommunicationSettings::getMarketingConfirmationText)
                .filter(text -> !text.isBlank())
                .orElse(ConsentRules.DEFAULT_CONFIRMATION_TEXT);
        change.message(MessageRequest.newBuilder()
                .setRequestId(Trail.nameUuid("confirmation:" + event.getTenantId() + ":" + event.getEventId()))
                .setTenantId(event.getTenantId())
                .setClientId(event.getClientId())
                .setTo(change.builder.getPhone())
                .setChannel(Channel.SMS)
                .setCategory(Category.CONSENT_CONFIRMATION)
                .setPreferenceId(null)
                .setBody(body)
                .setRequestedAt(since)
                .setExpiresAt(since.plus(marketingConfirmationTtl))
                .setSource(ConsentRules.MESSAGE_SOURCE)
                .build());
    }

    private static void changeContact(final Trail trail, final ConsentEvent event, final ContactChanged contact,
                                      final SuppressedNumbers suppressed) {
        final Change change = trail.change();
        if (!Objects.equals(contact.getPhone(), trail.state().getPhone())) {
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
        change.note(NoteKind.TIME_ZONE_CHANGED, level, level, Wording.timeZoneSet(actor, timeZone));
    }

    private static void applyPhone(final Change change, final Actor actor, final String newPhone,
                                   final SuppressedNumbers suppressed) {
        final ConsentState.Builder builder = change.builder;
        final String oldPhone = builder.getPhone();
        final boolean hadPending = builder.getPendingLevel() != null;
        builder.setPhone(newPhone);
        change.clearPending();
        final SmsLevel level = builder.getLevel();
        change.note(NoteKind.PHONE_CHANGED, level, level, Wording.phoneChanged(actor, oldPhone == null, newPhone == null, hadPending));
        final boolean nowSuppressed = newPhone != null && suppressed.isSuppressed(newPhone);
        builder.setPhoneSuppressed(nowSuppressed);
        if (nowSuppressed) {
            builder.setLevel(SmsLevel.OPTED_OUT);
            change.note(NoteKind.OPTED_OUT_BY_PHONE, level, SmsLevel.OPTED_OUT, Wording.newNumberSuppressed(level));
        }
    }

    private static void changePreference(final Trail trail, final ConsentEvent event, final PreferenceConsentChanged request,
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
        final Map<String, PreferenceGrant> channels = trail.state().getPreferences().get(preferenceId);
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
        change.note(NoteKind.PREFERENCE_CHANGED, null, null, request.getGranted()
                ? Wording.preferenceGranted(event.getActor(), name, request.getChannel(), validUntil)
                : Wording.preferenceWithdrawn(event.getActor(), name, request.getChannel()));
        trail.commit(change, event.getOccurredAt(), event.getActor());
    }

    static Optional<Rejection> checkPreference(final ConsentEvent event, final PreferenceConsentChanged request,
                                               final Practice practice) {
        if (!practice.preferencesEnabled()) {
            return Optional.of(new Rejection(RejectionCode.COMMUNICATION_PREFERENCES_DISABLED,
                    "communication preferences are switched off for this practice."));
        }
        final PreferenceDefinition definition = practice.preferences().get(request.getPreferenceId());
        if (definition == null) {
            return Optional.of(new Rejection(RejectionCode.UNKNOWN_PREFERENCE,
                    "the practice has no communication preference " + Wording.quoted(request.getPreferenceId()) + "."));
        }
        if (!definition.getActive()) {
            return Optional.of(new Rejection(RejectionCode.PREFERENCE_ARCHIVED,
                    "the communication preference " + Wording.quoted(definition.getName()) + " is archived."));
        }
        if (!definition.getEditable()) {
            return Optional.of(new Rejection(RejectionCode.NOT_EDITABLE,
                    "the communication preference " + Wording.quoted(definition.getName()) + " is fixed and cannot be changed per client."));
        }
        if (request.getChannel() == Channel.UNKNOWN || !definition.getChannels().contains(request.getChannel())) {
            return Optional.of(new Rejection(RejectionCode.CHANNEL_NOT_OFFERED,
                    "the communication preference " + Wording.quoted(definition.getName()) + " is not offered by "
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
}
