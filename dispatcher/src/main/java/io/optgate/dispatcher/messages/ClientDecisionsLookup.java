package io.optgate.dispatcher.messages;

import io.optgate.schema.DispatchDecision;

import java.time.Instant;
import java.util.List;

/** Reads a client's recent decisions from this instance's part of the duplicate-window store. */
@FunctionalInterface
public interface ClientDecisionsLookup {

    /**
     * The client's decisions made between {@code since} and {@code until}, newest first.
     *
     * @param partition the store partition that holds the client (as interactive queries located it)
     * @param clientKey {@code <tenantId>:<clientId>}
     * @param limit     at most this many
     */
    List<DispatchDecision> recent(int partition, String clientKey, Instant since, Instant until, int limit);
}
