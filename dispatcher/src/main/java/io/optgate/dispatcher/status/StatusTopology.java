package io.optgate.dispatcher.status;

import io.optgate.dispatcher.twilio.DeliveryProgress;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.state.WindowStores;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
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
 * The message-status part of the topology: every decision and every delivery event, re-keyed to
 * {@code <tenantId>:<requestId>} so that the instance owning a request's status can be found from
 * the tenant and the requestId alone, kept in two window stores of the same sub-topology (so they
 * are always co-located). Window stores, because a status is needed for a while, not forever:
 * whole segments expire after the retention, with no scans and no tombstones.
 */
public final class StatusTopology {

    /** Decisions by {@code <tenantId>:<requestId>}; window start is decidedAt. */
    public static final String DECISIONS_STORE = "dispatcher.message-decisions";
    /** Latest delivery events by {@code <tenantId>:<requestId>}. */
    public static final String DELIVERIES_STORE = "dispatcher.message-deliveries";
    static final String DECISIONS_REPARTITION = "dispatcher.decisions-by-request";
    static final String DELIVERIES_REPARTITION = "dispatcher.deliveries-by-request";

    private StatusTopology() {
    }

    /** The key of a request's status. */
    public static String statusKey(final String tenantId, final String requestId) {
        return Identifiers.tenantRequestKey(tenantId, requestId);
    }

    /**
     * Adds the status part.
     *
     * @param decisions     the decisions stream of the judging part
     * @param decisionSerde value serde of decisions
     * @param deliveries    the {@code dispatch.deliveries} topic
     * @param deliverySerde its value serde
     * @param retention     how long a request's status stays queryable
     * @param partitions    partitions of the two re-keyed streams: {@code consent.state}'s count,
     *                      so that both keep one placement whatever {@code message.requests} has
     */
    public static void addTo(
            final StreamsBuilder builder,
            final KStream<String, DispatchDecision> decisions,
            final Serde<DispatchDecision> decisionSerde,
            final String deliveries,
            final Serde<DeliveryEvent> deliverySerde,
            final Duration retention,
            final int partitions) {
        builder.addStateStore(Stores.windowStoreBuilder(
                WindowStores.persistent(DECISIONS_STORE, retention, retention, false), Serdes.String(), decisionSerde));
        builder.addStateStore(Stores.windowStoreBuilder(
                WindowStores.persistent(DELIVERIES_STORE, retention, retention, false), Serdes.String(), deliverySerde));

        decisions
                .selectKey((key, decision) -> statusKey(decision.getTenantId(), decision.getRequestId()), Named.as("decision-by-request"))
                .repartition(Repartitioned.<String, DispatchDecision>as(DECISIONS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(decisionSerde).withNumberOfPartitions(partitions))
                .process(DecisionWriter::new, Named.as("message-status-decisions"), DECISIONS_STORE, DELIVERIES_STORE);

        builder.stream(deliveries, Consumed.with(Serdes.String(), deliverySerde).withName("dispatch-deliveries-source"))
                .filter((key, event) -> event != null, Named.as("deliveries-with-value"))
                .selectKey((key, event) -> statusKey(event.getTenantId(), event.getRequestId()), Named.as("delivery-by-request"))
                .repartition(Repartitioned.<String, DeliveryEvent>as(DELIVERIES_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(deliverySerde).withNumberOfPartitions(partitions))
                .process(DeliveryWriter::new, Named.as("message-status-deliveries"), DECISIONS_STORE, DELIVERIES_STORE);
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
     * Keeps the first real decision of a request. A DUPLICATE_REQUEST decision never replaces
     * another decision, but is replaced by the request's own decision, which can come later (the
     * original waits out the grace period while its duplicate is decided at once).
     */
    private static final class DecisionWriter implements Processor<String, DispatchDecision, Void, Void> {
        private WindowStore<String, DispatchDecision> store;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            store = context.getStateStore(DECISIONS_STORE);
        }

        @Override
        public void process(final Record<String, DispatchDecision> record) {
            final DispatchDecision decision = record.value();
            if (decision == null) {
                return;
            }
            final Optional<KeyValue<Long, DispatchDecision>> current = latest(store, record.key());
            if (current.isPresent()) {
                final boolean currentIsDuplicate = replaceable(current.get().value.getReason());
                if (!currentIsDuplicate || decision.getReason() == DecisionReason.DUPLICATE_REQUEST) {
                    return;
                }
                store.put(record.key(), null, current.get().key);
            }
            store.put(record.key(), decision, decision.getDecidedAt().toEpochMilli());
        }
    }

    /** A duplicate's decision, or CONSENT_STALE (the request may come again and be judged). */
    private static boolean replaceable(final DecisionReason reason) {
        return reason == DecisionReason.DUPLICATE_REQUEST || reason == DecisionReason.CONSENT_STALE;
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
