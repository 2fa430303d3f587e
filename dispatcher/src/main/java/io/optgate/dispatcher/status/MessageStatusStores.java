package io.optgate.dispatcher.status;

import io.optgate.dispatcher.dispatch.DecidedRequests;
import io.optgate.dispatcher.dispatch.DispatchTopology;
import io.optgate.dispatcher.dispatch.RequestIndex;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads a request's status: its decision from the judge's stores ({@link RequestIndex}) and its
 * latest delivery from the status store ({@link StatusTopology}). In tests straight from the
 * driver's stores ({@link #find}); in the app the decision from every local partition of the
 * judge's stores ({@link #localDecision}) and the delivery from the one partition that holds its
 * key ({@link #delivery(KafkaStreams, int, String, String)}).
 */
public final class MessageStatusStores {

    private final ReadOnlyWindowStore<String, String> index;
    private final ReadOnlyWindowStore<String, byte[]> requestIds;
    private final ReadOnlyWindowStore<String, DeliveryEvent> deliveries;
    private final DecidedRequests decided;

    public MessageStatusStores(
            final ReadOnlyWindowStore<String, String> index,
            final ReadOnlyWindowStore<String, byte[]> requestIds,
            final ReadOnlyWindowStore<String, DeliveryEvent> deliveries,
            final DecidedRequests decided) {
        this.index = Objects.requireNonNull(index, "index");
        this.requestIds = Objects.requireNonNull(requestIds, "requestIds");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.decided = Objects.requireNonNull(decided, "decided");
    }

    /** The status of a request, empty while it is not decided (or after the status retention). */
    public Optional<MessageStatus> find(final String tenantId, final String requestId) {
        return RequestIndex.decision(index, requestIds, decided, tenantId, requestId)
                .map(decision -> new MessageStatus(decision, delivery(deliveries, tenantId, requestId)));
    }

    /**
     * The decision from the judge's stores of a running app: from every local partition that is
     * running (nothing tells which partition holds it; the API asks only while all are, see
     * {@link io.optgate.platform.http.query.AllInstances}).
     */
    public static Optional<DispatchDecision> localDecision(final KafkaStreams streams, final DecidedRequests decided,
                                                           final String tenantId, final String requestId) {
        return RequestIndex.decision(
                streams.store(StoreQueryParameters.fromNameAndType(
                        DispatchTopology.REQUEST_INDEX_STORE, QueryableStoreTypes.<String, String>windowStore())),
                streams.store(StoreQueryParameters.fromNameAndType(
                        DispatchTopology.REQUEST_IDS_STORE, QueryableStoreTypes.<String, byte[]>windowStore())),
                decided, tenantId, requestId);
    }

    /** The latest delivery from one partition of the deliveries store of a running app. */
    public static Optional<DeliveryEvent> delivery(final KafkaStreams streams, final int partition,
                                                   final String tenantId, final String requestId) {
        return delivery(streams.store(InteractiveQueries.storeParameters(
                StatusTopology.DELIVERIES_STORE, QueryableStoreTypes.windowStore(), partition)), tenantId, requestId);
    }

    private static Optional<DeliveryEvent> delivery(final ReadOnlyWindowStore<String, DeliveryEvent> store,
                                                    final String tenantId, final String requestId) {
        return StatusTopology.latest(store, StatusTopology.statusKey(tenantId, requestId)).map(entry -> entry.value);
    }
}
