package io.optgate.consent.http;

import io.optgate.consent.rules.Rejection;
import io.optgate.platform.http.ApiException;
import io.optgate.schema.ConsentState;

import java.util.Optional;

/**
 * How a refusal by the rules is answered: a conflict with the current state is 409 with the rule's
 * code (OPT_IN_CONFIRMATION_REQUIRED, NOT_EDITABLE, PREFERENCE_ARCHIVED,
 * COMMUNICATION_PREFERENCES_DISABLED, PHONE_REQUIRED, PHONE_SUPPRESSED), an unknown preference is
 * 404, and invalid input is 422. A 409 found before publishing means nothing was written; one
 * found by the topology after publishing says what it saved of the change, if anything.
 */
final class Refusals {

    private Refusals() {
    }

    static ApiException toApiException(final Rejection rejection) {
        final String message = capitalized(rejection.reason());
        return switch (rejection.code()) {
            case OPT_IN_CONFIRMATION_REQUIRED, PHONE_REQUIRED, PHONE_SUPPRESSED, COMMUNICATION_PREFERENCES_DISABLED,
                 PREFERENCE_ARCHIVED, NOT_EDITABLE -> ApiException.conflict(rejection.code().name(), message);
            case UNKNOWN_PREFERENCE -> ApiException.notFound("PREFERENCE_NOT_FOUND", message);
            case INVALID_TIME_ZONE -> ApiException.badRequest(rejection.code().name(), message);
            case INVALID_ACTOR, SYSTEM_ACTOR_NOT_ALLOWED -> ApiException.unprocessable("INVALID_ACTOR", message);
            case INVALID_TENANT_ID, INVALID_CLIENT_ID, INVALID_EVENT_ID, KEY_MISMATCH, INVALID_PHONE, CHANNEL_NOT_OFFERED,
                 INVALID_VALIDITY, UNSUPPORTED_CHANGE, INVALID_TIME, INVALID_EVIDENCE -> ApiException.unprocessable(rejection.code().name(), message);
        };
    }

    /**
     * The refusal of a published level request, saying what the topology kept of it: a number that
     * replied STOP between the PUT's check and the topology's decision is recorded (the client opted
     * out by it) while the level is refused, and the answer must not suggest that nothing was saved.
     */
    static Rejection withWhatWasSaved(final Rejection refused, final Optional<ConsentState> before,
                                      final Optional<ConsentState> after) {
        final String phoneBefore = before.map(ConsentState::getPhone).orElse(null);
        final String phoneAfter = after.map(ConsentState::getPhone).orElse(null);
        if (phoneAfter == null || phoneAfter.equals(phoneBefore)) {
            return refused;
        }
        return new Rejection(refused.code(), refused.reason() + " The new mobile number (and the time zone, if given) "
                + "was saved: the client is Opted Out until the number replies START.");
    }

    private static String capitalized(final String reason) {
        return reason.isEmpty() ? reason : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }
}
