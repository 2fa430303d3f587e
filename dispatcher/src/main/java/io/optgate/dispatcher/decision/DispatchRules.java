package io.optgate.dispatcher.decision;

import io.optgate.dispatcher.decision.Decision.ConsentBasis;
import io.optgate.dispatcher.decision.Decision.Drop;
import io.optgate.dispatcher.decision.Decision.Send;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentState;
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
 *   <li>The level gates every channel: it is the only client-wide consent level optgate records.</li>
 *   <li>Phone rules (suppression, phone on record) apply to channels that address a phone number:
 *       SMS and PHONE.</li>
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
        final boolean addressesPhone = addressesPhone(request.getChannel());
        if (addressesPhone && input.phone() == PhoneStatus.UNREADABLE) {
            return Drop.of(DropReason.CONSENT_UNREADABLE, "the phone's consent record cannot be read", ConsentBasis.NONE);
        }

        final Optional<ConsentState> state = input.consent() instanceof ClientConsent.Recorded recorded
                ? Optional.of(recorded.state())
                : Optional.empty();
        final SmsLevel level = state.map(ConsentState::getLevel).orElse(SmsLevel.BASIC_TRANSACTIONAL);
        final ConsentBasis basis = new ConsentBasis(Optional.of(level), state.map(ConsentState::getVersion));

        if (level == SmsLevel.OPTED_OUT) {
            return Drop.of(DropReason.OPTED_OUT, basis);
        }
        if (addressesPhone) {
            if (input.phone() == PhoneStatus.SUPPRESSED) {
                return Drop.of(DropReason.PHONE_SUPPRESSED, basis);
            }
            if (state.map(ConsentState::getPhoneSuppressed).orElse(false)) {
                return Drop.of(DropReason.PHONE_SUPPRESSED, "the phone on record is suppressed", basis);
            }
            final Optional<String> phoneOnRecord = state.map(ConsentState::getPhone);
            if (phoneOnRecord.isPresent() && !phoneOnRecord.get().equals(request.getTo())) {
                return Drop.of(DropReason.PHONE_NOT_ON_RECORD, basis);
            }
        }
        if (level.ordinal() < requiredLevel(request.getCategory()).ordinal()) {
            return Drop.of(DropReason.LEVEL_TOO_LOW, basis);
        }
        if (request.getPreferenceId() != null) {
            final Optional<Drop> preferenceDrop = preferenceDrop(input, state, basis, grantsJudgedAt);
            if (preferenceDrop.isPresent()) {
                return preferenceDrop.get();
            }
        }
        if (request.getExpiresAt() != null && input.now().isAfter(request.getExpiresAt())) {
            return Drop.of(DropReason.REQUEST_EXPIRED, basis);
        }
        return new Send(basis);
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
