package io.optgate.dispatcher.dispatch;

import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The duplicate window's store ({@link DispatchTopology#REQUEST_IDS_STORE}), which doubles as a
 * client's recent decisions: key {@code <clientKey>|<requestId>}, value the request's decision
 * (ids and facts, never the body or the address). One write per request serves both jobs.
 *
 * <p>Versions before the client's-decisions view stored only the time a request was seen, as an
 * 8-byte long; such entries still count as seen and are simply not listed. A serialized decision
 * is never 8 bytes long (the registry header alone is 5, and a decision carries two ids, a
 * verdict, a reason and timestamps), so the two cannot be confused while a changelog written by
 * the older version is restored.
 */
public final class DecidedRequests {

    /** The size of a value written by versions that stored only when a request was seen. */
    private static final int SEEN_TIME_ONLY = Long.BYTES;
    /** Sorts after every character an id may hold ({@link io.optgate.platform.contract.Identifiers}). */
    private static final String AFTER_EVERY_ID = "\uffff";

    private final Serializer<DispatchDecision> serializer;
    private final Deserializer<DispatchDecision> deserializer;
    private final String decisionsTopic;

    /**
     * @param decisionSerde  the serde of {@code dispatch.decisions}, so that the store holds the
     *                       bytes the topic does
     * @param decisionsTopic the topic name the serde registers its schema under
     */
    public DecidedRequests(final Serde<DispatchDecision> decisionSerde, final String decisionsTopic) {
        Objects.requireNonNull(decisionSerde, "decisionSerde");
        this.serializer = decisionSerde.serializer();
        this.deserializer = decisionSerde.deserializer();
        this.decisionsTopic = Objects.requireNonNull(decisionsTopic, "decisionsTopic");
    }

    /** The store key of one request of one client. */
    public static String key(final String clientKey, final String requestId) {
        return clientKey + "|" + requestId;
    }

    byte[] encode(final DispatchDecision decision) {
        return serializer.serialize(decisionsTopic, decision);
    }

    /** The decision stored under one key; empty for entries that recorded only when a request was seen. */
    public Optional<DispatchDecision> decode(final byte[] value) {
        if (value == null || value.length == SEEN_TIME_ONLY) {
            return Optional.empty();
        }
        return Optional.ofNullable(deserializer.deserialize(decisionsTopic, value));
    }

    /**
     * Whether a stored value makes the same requestId a duplicate: every decision does, and so does
     * an entry that recorded only when a request was seen, except CONSENT_STALE: a request not
     * judged on consent may be sent again, and its next copy is judged (its decision then replaces
     * the stale one). Decodes only what is stored, which a request that is not a duplicate never has.
     */
    boolean countsAsSeen(final byte[] value) {
        return decode(value).map(decision -> decision.getReason() != DecisionReason.CONSENT_STALE).orElse(true);
    }

    /**
     * A client's decisions stored since {@code since}, newest first, at most {@code limit}.
     *
     * @param store     one partition of the store: the one that holds the client's key
     * @param clientKey {@code <tenantId>:<clientId>}
     */
    public List<DispatchDecision> recent(final ReadOnlyWindowStore<String, byte[]> store, final String clientKey,
                                         final Instant since, final Instant until, final int limit) {
        final List<DispatchDecision> found = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, byte[]> entries =
                     store.fetch(key(clientKey, ""), key(clientKey, AFTER_EVERY_ID), since, until)) {
            while (entries.hasNext()) {
                final KeyValue<Windowed<String>, byte[]> entry = entries.next();
                decode(entry.value).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing(DispatchDecision::getDecidedAt)
                .thenComparing(DispatchDecision::getRequestedAt)
                .reversed()
                .thenComparing(DispatchDecision::getRequestId));
        return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }
}
