package io.optgate.dispatcher.messages;

import io.optgate.dispatcher.status.MessageStatus;

import java.util.Optional;

/** Finds a request's status wherever it is kept (this instance or the one owning its key). */
@FunctionalInterface
public interface MessageStatusLookup {

    /** The status, empty while the request is not decided. */
    Optional<MessageStatus> find(String tenantId, String requestId);
}
