package io.optgate.dispatcher.decision;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;

import java.util.Optional;

/**
 * Whether a message request is well-formed, independent of any consent. Used by the rules (an
 * invalid request is dropped as INVALID_REQUEST) and by the HTTP API (422 before anything is
 * published). The problem text names the field and the rule, never the value, so that it can be
 * recorded and logged: the address and the body are personal data.
 */
public final class RequestValidation {

    /** Twilio refuses longer SMS bodies (error 21617). */
    static final int MAX_SMS_BODY_LENGTH = 1600;
    static final int MAX_LETTER_ADDRESS_LENGTH = 1000;

    private RequestValidation() {
    }

    /**
     * The first problem with a request, empty when it is valid.
     *
     * @param key     the record key it was read with, or the key it will be published with
     * @param request the request
     */
    public static Optional<String> problem(final String key, final MessageRequest request) {
        if (!Identifiers.isValidId(request.getTenantId())) {
            return Optional.of("tenantId must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (!Identifiers.isValidId(request.getClientId())) {
            return Optional.of("clientId must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (!Identifiers.clientKey(request.getTenantId(), request.getClientId()).equals(key)) {
            return Optional.of("record key does not match <tenantId>:<clientId> of the request");
        }
        if (!Identifiers.isValidRequestId(request.getRequestId())) {
            return Optional.of("requestId must be 1-128 printable ASCII characters other than space and '/'");
        }
        if (request.getPreferenceId() != null && !Identifiers.isValidId(request.getPreferenceId())) {
            return Optional.of("preferenceId must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (request.getCategory() == null || request.getCategory() == Category.UNKNOWN) {
            return Optional.of("category is not one this dispatcher knows");
        }
        if (request.getChannel() == null) {
            return Optional.of("channel is missing");
        }
        final Optional<String> addressProblem = addressProblem(request.getChannel(), request.getTo());
        if (addressProblem.isPresent()) {
            return addressProblem;
        }
        final String body = request.getBody();
        if (body == null || body.isBlank()) {
            return Optional.of("body is empty");
        }
        if (request.getChannel() == Channel.SMS && body.length() > MAX_SMS_BODY_LENGTH) {
            return Optional.of("body is longer than " + MAX_SMS_BODY_LENGTH + " characters for SMS");
        }
        if (request.getRequestedAt() == null) {
            return Optional.of("requestedAt is missing");
        }
        return Optional.empty();
    }

    private static Optional<String> addressProblem(final Channel channel, final String to) {
        return switch (channel) {
            case SMS, PHONE -> Identifiers.isE164(to)
                    ? Optional.empty()
                    : Optional.of("to must be an E.164 phone number for " + channel);
            case EMAIL -> Identifiers.isEmailAddress(to)
                    ? Optional.empty()
                    : Optional.of("to must be an e-mail address for EMAIL");
            case LETTER -> to != null && !to.isBlank() && to.length() <= MAX_LETTER_ADDRESS_LENGTH
                    ? Optional.empty()
                    : Optional.of("to must be a postal address of 1-" + MAX_LETTER_ADDRESS_LENGTH + " characters for LETTER");
            case UNKNOWN -> Optional.of("channel is not one this dispatcher knows");
        };
    }
}
