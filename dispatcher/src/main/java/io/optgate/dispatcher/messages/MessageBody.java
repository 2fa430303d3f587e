package io.optgate.dispatcher.messages;

import java.time.Instant;

/**
 * The JSON body of {@code POST /v1/tenants/{t}/messages}. Channel and category are read as text so
 * that an unknown value is answered 422 with the rule, not 400 with a parser message.
 *
 * @param requestId   the caller's id for the request; required here or as the Idempotency-Key
 *                    header: it is what makes a retried POST one request
 * @param clientId    the client
 * @param to          the address: E.164 for SMS and PHONE
 * @param channel     SMS, EMAIL, LETTER or PHONE
 * @param category    BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL, MARKETING or CONSENT_CONFIRMATION
 * @param preferenceId a communication preference the client must have granted, or null
 * @param body        the text
 * @param expiresAt   not sent after this instant, or null
 */
public record MessageBody(
        String requestId,
        String clientId,
        String to,
        String channel,
        String category,
        String preferenceId,
        String body,
        Instant expiresAt) {
}
