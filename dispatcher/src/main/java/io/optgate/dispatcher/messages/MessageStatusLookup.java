package io.optgate.dispatcher.messages;

import io.optgate.dispatcher.status.MessageStatus;

import java.util.Optional;

/** Reads a request's status from this instance's status stores, given the store partition that holds it. */
@FunctionalInterface
public interface MessageStatusLookup {

    /**
     * The status, empty while the request is not decided.
     *
     * @param partition the partition of the status stores that holds the key (as interactive
     *                  queries located it)
     */
    Optional<MessageStatus> find(int partition, String tenantId, String requestId);
}
