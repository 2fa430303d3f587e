package io.optgate.dispatcher.status;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /v1/tenants/{t}/messages/{requestId}} answers: the request's decision and its
 * latest delivery event, if any.
 */
public record MessageStatus(DispatchDecision decision, Optional<DeliveryEvent> delivery) {

    public MessageStatus {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(delivery, "delivery");
    }
}
