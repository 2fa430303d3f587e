package io.optgate.dispatcher.status;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.util.Objects;
import java.util.Optional;

/** Reads a request's status from this instance's status stores (the owner's, for its key). */
public final class MessageStatusStores {

    private final ReadOnlyWindowStore<String, DispatchDecision> decisions;
    private final ReadOnlyWindowStore<String, DeliveryEvent> deliveries;

    public MessageStatusStores(
            final ReadOnlyWindowStore<String, DispatchDecision> decisions,
            final ReadOnlyWindowStore<String, DeliveryEvent> deliveries) {
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    }

    /** The status of a request, empty while it is not decided (or after the status retention). */
    public Optional<MessageStatus> find(final String tenantId, final String requestId) {
        final String key = StatusTopology.statusKey(tenantId, requestId);
        return StatusTopology.latest(decisions, key)
                .map(decision -> new MessageStatus(decision.value, StatusTopology.latest(deliveries, key).map(d -> d.value)));
    }
}
