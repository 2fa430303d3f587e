package io.optgate.dispatcher.decision;

import io.optgate.dispatcher.decision.Decision.ConsentBasis;
import io.optgate.dispatcher.decision.Decision.Drop;
import io.optgate.dispatcher.decision.Decision.Send;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DecidingConsent;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The eligibility rules of PRODUCT.md, in one place. Checks run in the precedence order of
 * {@link DropReason}, so the first failing check is the recorded reason.
 *
 * <ul>
 *   <li>A client never seen is BASIC_TRANSACTIONAL with no phone on record.</li>
 *   <li>Consent per channel: the SMS opt-in (the level, OPTED_OUT included) governs SMS only. Every
 *       other channel is governed by the practice's communication preferences alone: a request on
 *       it must name a preference that offers the channel and that the client granted on it; one
 *       that names none is not sent (fail closed: no consent for it is on record).</li>
 *   <li>Phone-number rules (suppression after STOP, phone on record) apply to the channels that
 *       address a phone number: SMS and PHONE.</li>
 *   <li>Grants are judged at the request's {@code requestedAt}; {@code expiresAt} against now.</li>
 * </ul>
 */
public final class DispatchRules {

    private DispatchRules() {
    }

    /** The decision on one request against one view of the client's consent. */
    public static Decision decide(final DecisionInput input) {
        return decide(input, input.request().getRequestedAt());
    }

    /**
     * The same rules just before a text is handed to the provider, against the consent as it is
     * then: a preference grant must still be valid at {@code input.now()}, not only at the request's
     * time (a grant that lapses while the text waits stops it).
     */
    public static Decision decideAtHandOver(final DecisionInput input) {
        return decide(input, input.now());
    }

    private static Decision decide(final DecisionInput input, final Instant grantsJudgedAt) {
        final MessageRequest request = input.request();
        final Optional<String> invalid = RequestValidation.problem(input.key(), request);
        if (invalid.isPresent()) {
            return Drop.of(DropReason.INVALID_REQUEST, invalid.get(), ConsentBasis.NONE);
        }
        if (input.consent() instanceof ClientConsent.Unreadable) {
            return Drop.of(DropReason.CONSENT_UNREADABLE, "the client's consent record cannot be read", ConsentBasis.NONE);
        }
        final Channel channel = request.getChannel();
        final boolean addressesPhone = addressesPhone(channel);
        if (addressesPhone && input.phone() == PhoneStatus.UNREADABLE) {
            return Drop.of(DropReason.CONSENT_UNREADABLE, "the phone's consent record cannot be read", ConsentBasis.NONE);
        }

        final Optional<ConsentState> state = input.consent() instanceof ClientConsent.Recorded recorded
                ? Optional.of(recorded.state())
                : Optional.empty();
        final SmsLevel level = state.map(ConsentState::getLevel).orElse(SmsLevel.BASIC_TRANSACTIONAL);
        final ConsentBasis basis = new ConsentBasis(Optional.of(level), state.map(ConsentState::getVersion), Optional.empty());
        final ConsentBasis smsOptIn = basis.by(DecidingConsent.SMS_OPT_IN);
        final ConsentBasis preferences = basis.by(DecidingConsent.COMMUNICATION_PREFERENCE);
        final boolean governedBySmsOptIn = governedBySmsOptIn(channel);

        if (governedBySmsOptIn && level == SmsLevel.OPTED_OUT) {
            return Drop.of(DropReason.OPTED_OUT, smsOptIn);
        }
        if (addressesPhone) {
            final Optional<Drop> phoneDrop = phoneDrop(input, state, smsOptIn);
            if (phoneDrop.isPresent()) {
                return phoneDrop.get();
            }
        }
        if (governedBySmsOptIn && level.ordinal() < requiredLevel(request.getCategory()).ordinal()) {
            return Drop.of(DropReason.LEVEL_TOO_LOW, smsOptIn);
        }
        if (request.getPreferenceId() != null) {
            final Optional<Drop> preferenceDrop = preferenceDrop(input, state, preferences, grantsJudgedAt);
            if (preferenceDrop.isPresent()) {
                return preferenceDrop.get();
            }
        } else if (!governedBySmsOptIn) {
            return Drop.of(DropReason.PREFERENCE_NOT_GRANTED,
                    channel + " is sent only under a communication preference the client granted on it; the request names none",
                    preferences);
        }
        final ConsentBasis allowedBy = request.getPreferenceId() != null ? preferences : smsOptIn;
        if (request.getExpiresAt() != null && input.now().isAfter(request.getExpiresAt())) {
            return Drop.of(DropReason.REQUEST_EXPIRED, allowedBy);
        }
        return new Send(allowedBy);
    }

    /**
     * A STOP from the number (or a carrier opt-out), a suppressed phone on record, or a number that
     * is not the one on record. The STOP is part of the SMS opt-in; it also keeps automated calls
     * (PHONE) off the number, see docs/dispatcher.md "Consent per channel".
     */
    private static Optional<Drop> phoneDrop(final DecisionInput input, final Optional<ConsentState> state, final ConsentBasis basis) {
        if (input.phone() == PhoneStatus.SUPPRESSED) {
            return Optional.of(Drop.of(DropReason.PHONE_SUPPRESSED, basis));
        }
        if (state.map(ConsentState::getPhoneSuppressed).orElse(false)) {
            return Optional.of(Drop.of(DropReason.PHONE_SUPPRESSED, "the phone on record is suppressed", basis));
        }
        final Optional<String> phoneOnRecord = state.map(ConsentState::getPhone);
        if (phoneOnRecord.isPresent() && !phoneOnRecord.get().equals(input.request().getTo())) {
            return Optional.of(Drop.of(DropReason.PHONE_NOT_ON_RECORD, basis));
        }
        return Optional.empty();
    }

    /**
     * Judges a request against the client's consent at the request's time and against the latest
     * consent known, and keeps the {@linkplain Decision#stricter stricter} verdict: a STOP that
     * happened before the request blocks it (event time), and so does one that happened after it
     * but before the decision (a message is never sent to someone who has opted out by then).
     */
    public static Decision decide(final DecisionInput atRequestTime, final ClientConsent latest) {
        final Decision asOfRequest = decide(atRequestTime);
        if (latest.equals(atRequestTime.consent())) {
            return asOfRequest;
        }
        return Decision.stricter(asOfRequest, decide(atRequestTime.withConsent(latest)));
    }

    /** The level a category needs; CONSENT_CONFIRMATION goes to anyone not opted out. */
    static SmsLevel requiredLevel(final Category category) {
        return switch (category) {
            case BASIC_TRANSACTIONAL, CONSENT_CONFIRMATION -> SmsLevel.BASIC_TRANSACTIONAL;
            case FULL_TRANSACTIONAL -> SmsLevel.FULL_TRANSACTIONAL;
            case MARKETING -> SmsLevel.MARKETING;
            // Validation drops UNKNOWN first; the highest bar keeps this fail-closed regardless.
            case UNKNOWN -> SmsLevel.MARKETING;
        };
    }

    /**
     * Whether the SMS opt-in (the level) governs the channel: SMS only. The seeds' SMS Opt-In Status
     * is what "text messages a client has agreed to receive"; other channels have the practice's
     * communication preferences (Provet's model), per channel.
     */
    static boolean governedBySmsOptIn(final Channel channel) {
        return switch (channel) {
            case SMS -> true;
            case EMAIL, LETTER, PHONE, UNKNOWN -> false;
        };
    }

    /** Whether the channel's address is a phone number, so that phone consent applies. */
    static boolean addressesPhone(final Channel channel) {
        return switch (channel) {
            case SMS, PHONE -> true;
            case EMAIL, LETTER, UNKNOWN -> false;
        };
    }

    private static Optional<Drop> preferenceDrop(
            final DecisionInput input, final Optional<ConsentState> state, final ConsentBasis basis,
            final Instant grantsJudgedAt) {
        final MessageRequest request = input.request();
        if (!input.settings().map(CommunicationSettings::getEnabled).orElse(false)) {
            return Optional.of(Drop.of(DropReason.COMMUNICATION_DISABLED, basis));
        }
        final Optional<PreferenceDefinition> definition = input.preference()
                .filter(d -> request.getPreferenceId().equals(d.getPreferenceId()));
        if (definition.isEmpty()) {
            return Optional.of(Drop.of(DropReason.PREFERENCE_INACTIVE, "the preference is not defined", basis));
        }
        if (!definition.get().getActive()) {
            return Optional.of(Drop.of(DropReason.PREFERENCE_INACTIVE, "the preference is archived", basis));
        }
        if (!definition.get().getChannels().contains(request.getChannel())) {
            return Optional.of(Drop.of(DropReason.PREFERENCE_NOT_GRANTED, "the preference does not offer this channel", basis));
        }
        final Optional<PreferenceGrant> grant = state
                .map(ConsentState::getPreferences)
                .map(byPreference -> byPreference.get(request.getPreferenceId()))
                .map((Map<String, PreferenceGrant> byChannel) -> byChannel.get(request.getChannel().name()));
        if (grant.isEmpty() || !grant.get().getGranted()) {
            return Optional.of(Drop.of(DropReason.PREFERENCE_NOT_GRANTED, basis));
        }
        final Instant validUntil = grant.get().getValidUntil();
        if (validUntil != null && grantsJudgedAt != null && grantsJudgedAt.isAfter(validUntil)) {
            return Optional.of(Drop.of(DropReason.CONSENT_EXPIRED, basis));
        }
        return Optional.empty();
    }
}
