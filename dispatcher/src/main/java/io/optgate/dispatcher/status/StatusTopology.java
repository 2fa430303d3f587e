package io.optgate.dispatcher.status;

import io.optgate.dispatcher.twilio.DeliveryProgress;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.state.WindowStores;
import io.optgate.schema.DeliveryEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The delivery part of a message's status: every delivery event, re-keyed to
 * {@code <tenantId>:<requestId>} so that the instance holding a request's latest delivery can be
 * found from the tenant and the requestId alone, kept in a window store: a status is needed for a
 * while, not forever, and whole segments expire after the retention, with no scans and no
 * tombstones.
 *
 * <p>The decision part is not copied here: the judge already stores every decision by client
 * ({@code dispatch.DecidedRequests}) and indexes it by request ({@code dispatch.RequestIndex}),
 * which the status API asks on every instance. Earlier versions re-keyed every decision into a
 * store of their own ({@code dispatcher.message-decisions}, through the repartition topic
 * {@code dispatcher.decisions-by-request}): two Kafka writes per request, for a read that is rare.
 */
public final class StatusTopology {

    /** Latest delivery events by {@code <tenantId>:<requestId>}. */
    public static final String DELIVERIES_STORE = "dispatcher.message-deliveries";
    static final String DELIVERIES_REPARTITION = "dispatcher.deliveries-by-request";

    private StatusTopology() {
    }

    /** The key of a request's status. */
    public static String statusKey(final String tenantId, final String requestId) {
        return Identifiers.tenantRequestKey(tenantId, requestId);
    }

    /**
     * Adds the delivery part.
     *
     * @param deliveries    the {@code dispatch.deliveries} topic
     * @param deliverySerde its value serde
     * @param retention     how long a request's delivery stays queryable
     * @param partitions    partitions of the re-keyed stream: {@code consent.state}'s count, so that
     *                      it keeps one placement whatever {@code dispatch.deliveries} has
     */
    public static void addTo(
            final StreamsBuilder builder,
            final String deliveries,
            final Serde<DeliveryEvent> deliverySerde,
            final Duration retention,
            final int partitions) {
        builder.addStateStore(Stores.windowStoreBuilder(
                WindowStores.persistent(DELIVERIES_STORE, retention, retention, false), Serdes.String(), deliverySerde));

        builder.stream(deliveries, Consumed.with(Serdes.String(), deliverySerde).withName("dispatch-deliveries-source"))
                .filter((key, event) -> event != null, Named.as("deliveries-with-value"))
                .selectKey((key, event) -> statusKey(event.getTenantId(), event.getRequestId()), Named.as("delivery-by-request"))
                .repartition(Repartitioned.<String, DeliveryEvent>as(DELIVERIES_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(deliverySerde).withNumberOfPartitions(partitions))
                .process(DeliveryWriter::new, Named.as("message-status-deliveries"), DELIVERIES_STORE);
    }

    /** The latest entry of a key across every live segment, with its window start. */
    static <V> Optional<KeyValue<Long, V>> latest(final ReadOnlyWindowStore<String, V> store, final String key) {
        KeyValue<Long, V> last = null;
        try (WindowStoreIterator<V> entries = store.fetch(key, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            while (entries.hasNext()) {
                last = entries.next();
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Keeps the most advanced delivery event of a request, by the one rule the Twilio edge applies
     * too ({@link DeliveryProgress}): a status never moves backwards, the first final status wins.
     */
    private static final class DeliveryWriter implements Processor<String, DeliveryEvent, Void, Void> {
        private WindowStore<String, DeliveryEvent> store;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            store = context.getStateStore(DELIVERIES_STORE);
        }

        @Override
        public void process(final Record<String, DeliveryEvent> record) {
            final Optional<KeyValue<Long, DeliveryEvent>> current = latest(store, record.key());
            if (current.isPresent() && !progress(current.get().value).isAdvancedBy(progress(record.value()))) {
                return;
            }
            // The entry keeps its first window start, so that it expires with the request's status.
            final long windowStart = current.map(entry -> entry.key).orElse(record.timestamp());
            store.put(record.key(), record.value(), windowStart);
        }

        private static DeliveryProgress progress(final DeliveryEvent event) {
            return DeliveryProgress.of(event.getStatus(), event.getErrorCode());
        }
    }
}
