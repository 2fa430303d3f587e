package io.optgate.consent.rules;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.SmsLevel;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of {@code consent.phone-events}: STOP, START, YES, HELP and carrier opt-outs, first on
 * the number (its suppression for the whole practice), then on each client with that number.
 */
final class PhoneSignalRules {

    private static final Pattern KEYWORD = Pattern.compile("[A-Z]{1,16}");

    private final ClockRules clock;

    PhoneSignalRules(final ClockRules clock) {
        this.clock = clock;
    }

    static Optional<Rejection> validate(final PhoneConsentEvent signal) {
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

    static Optional<PhoneConsentState> onNumber(final Optional<PhoneConsentState> current, final PhoneConsentEvent signal) {
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

    Outcome onClient(final ConsentState client, final PhoneConsentEvent signal, final Practice practice, final Instant now) {
        if (!signal.getPhone().equals(client.getPhone()) || !signal.getTenantId().equals(client.getTenantId())) {
            return Outcome.unchanged();
        }
        final Trail trail = new Trail(client, "phone:" + signal.getTenantId() + ":" + signal.getEventId()
                + ":" + client.getClientId(), signal.getEventId());
        clock.settle(trail, practice, ClockRules.earliest(signal.getOccurredAt(), now));
        final ConsentState before = trail.state();
        final SmsLevel level = before.getLevel();
        final Actor actor = signal.getKind() == PhoneConsentKind.CARRIER_OPT_OUT
                ? ConsentRules.CARRIER
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
                change.note(NoteKind.OPTED_OUT_BY_PHONE, level, SmsLevel.OPTED_OUT,
                        Wording.optedOutByPhone(signal.getKind() == PhoneConsentKind.CARRIER_OPT_OUT,
                                signal.getRevocationCue(), keyword, level));
            }
            case OPT_IN -> {
                if (level != SmsLevel.OPTED_OUT && !before.getPhoneSuppressed()) {
                    return trail.outcome();
                }
                change.builder.setPhoneSuppressed(false);
                final SmsLevel after = level == SmsLevel.OPTED_OUT ? SmsLevel.BASIC_TRANSACTIONAL : level;
                change.builder.setLevel(after);
                change.note(NoteKind.OPTED_IN_BY_PHONE, level, after, Wording.optedInByPhone(keyword, level, after));
            }
            case CONFIRM -> {
                if (before.getPendingLevel() != SmsLevel.MARKETING || before.getPhoneSuppressed() || level == SmsLevel.OPTED_OUT) {
                    return trail.outcome();
                }
                change.clearPending();
                change.builder.setLevel(SmsLevel.MARKETING);
                change.note(NoteKind.MARKETING_CONFIRMED, level, SmsLevel.MARKETING, Wording.marketingConfirmed(keyword, level));
            }
            case HELP -> {
                return trail.outcome();
            }
        }
        trail.commit(change, signal.getOccurredAt(), actor);
        return trail.outcome();
    }

    /** The keyword a note may quote: the signal's own when it is one plain word, else the kind's keyword. */
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
}
