package io.optgate.dispatcher.sender;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.MessageRequest;

/**
 * How the sender tells texts apart: by practice, client and requestId together, since a requestId
 * is unique only within its practice.
 */
final class TextKey {

    private TextKey() {
    }

    /** The key of a request's text. */
    static String of(final MessageRequest request) {
        return Identifiers.messageKey(request.getTenantId(), request.getClientId(), request.getRequestId());
    }

    /** The key ledger entries written before the upgrade carry: the requestId alone. */
    static String legacyOf(final MessageRequest request) {
        return request.getRequestId();
    }
}
