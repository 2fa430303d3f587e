package io.optgate.dispatcher.status;

import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads a request's status from the status stores: in tests straight from the driver's stores, in
 * the app from one partition of them by interactive query ({@link #forPartition}).
 */
public final class MessageStatusStores {

    private final ReadOnlyWindowStore<String, DispatchDecision> decisions;
    private final ReadOnlyWindowStore<String, DeliveryEvent> deliveries;

    public MessageStatusStores(
            final ReadOnlyWindowStore<String, DispatchDecision> decisions,
            final ReadOnlyWindowStore<String, DeliveryEvent> deliveries) {
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    }

    /** The local stores of one partition of a running app. */
    public static MessageStatusStores forPartition(final KafkaStreams streams, final int partition) {
        return new MessageStatusStores(
                streams.store(InteractiveQueries.storeParameters(StatusTopology.DECISIONS_STORE, QueryableStoreTypes.windowStore(), partition)),
                streams.store(InteractiveQueries.storeParameters(StatusTopology.DELIVERIES_STORE, QueryableStoreTypes.windowStore(), partition)));
    }

    /** The status of a request, empty while it is not decided (or after the status retention). */
    public Optional<MessageStatus> find(final String tenantId, final String requestId) {
        final String key = StatusTopology.statusKey(tenantId, requestId);
        return StatusTopology.latest(decisions, key)
                .map(decision -> new MessageStatus(decision.value, StatusTopology.latest(deliveries, key).map(d -> d.value)));
    }
}
