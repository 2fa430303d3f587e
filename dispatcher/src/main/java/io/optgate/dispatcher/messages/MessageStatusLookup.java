package io.optgate.dispatcher.messages;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;

import java.util.Optional;

/** Reads the two parts of a request's status from this instance's stores. */
public interface MessageStatusLookup {

    /**
     * The decision, from every local partition of the judge's stores (the decision is stored by
     * client, which the caller does not know); empty while the request is not decided here.
     */
    Optional<DispatchDecision> decision(String tenantId, String requestId);

    /**
     * The latest delivery event.
     *
     * @param partition the partition of the deliveries store that holds the key (as interactive
     *                  queries located it)
     */
    Optional<DeliveryEvent> delivery(int partition, String tenantId, String requestId);
}
