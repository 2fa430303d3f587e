package io.optgate.dispatcher.sender;

import io.optgate.platform.logging.PhoneMasking;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One text to hand over to the SMS provider, as the sender passes it to a {@link MessageGateway}.
 * {@code to} and {@code body} are personal data: {@link #toString()} masks them.
 *
 * @param requestId the request's id, unique per message
 * @param tenantId  the practice
 * @param clientId  the client
 * @param to        the recipient, E.164
 * @param body      the text
 * @param smsFrom   the practice's sending number, when it has one
 * @param expiresAt not to be sent after this instant, when set
 * @param attempt   1 for the first hand-over attempt
 */
public record OutboundSms(String requestId, String tenantId, String clientId, String to, String body,
                          Optional<String> smsFrom, Optional<Instant> expiresAt, int attempt) {

    /** Fails fast on missing fields. */
    public OutboundSms {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(smsFrom, "smsFrom");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The same text, as attempt {@code n}. */
    public OutboundSms withAttempt(final int n) {
        return new OutboundSms(requestId, tenantId, clientId, to, body, smsFrom, expiresAt, n);
    }

    @Override
    public String toString() {
        return "OutboundSms[requestId=" + requestId + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", to=" + PhoneMasking.mask(to) + ", body=<" + body.length() + " chars>, attempt=" + attempt + "]";
    }
}
