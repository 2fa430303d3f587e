package io.optgate.dispatcher.dispatch;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a request's decision from its tenant and requestId alone, which is all the status API is
 * given, although the decision is stored by client ({@link DecidedRequests}).
 *
 * <p>The judge's task keeps an index next to {@link DispatchTopology#REQUEST_IDS_STORE}:
 * {@code <tenantId>:<requestId>} → the client key it was stored under, written with every stored
 * decision, with the same window start and retention. The index has no changelog: it is derived
 * from the request-ids store, which the judge scans into it at every start of its task (after a
 * restore, a wipe or a crash that lost unflushed index writes). So finding a decision costs no
 * Kafka write; before, the status API kept its own copy of every decision, re-keyed by request
 * (a repartition topic and a changelog: two writes per request).
 *
 * <p>The client key is parsed from the request-ids key, the same way on writing and on
 * rebuilding: {@code <tenantId>:<clientId>|<requestId>}, where tenant and client ids hold neither
 * {@code :} nor {@code |} ({@link Identifiers#isValidId}). Keys that do not parse so (an invalid
 * request under an odd record key) are not indexed, and a found decision must carry the tenant
 * and requestId asked for.
 */
public final class RequestIndex {

    private RequestIndex() {
    }

    /** An index entry: its key and the client key of the request-ids entry it points at. */
    record Entry(String indexKey, String clientKey) {
    }

    /** The index entry of a request-ids key, when it is one of a well-formed client key. */
    static Optional<Entry> entryOf(final String requestIdsKey) {
        final int colon = requestIdsKey.indexOf(':');
        final int bar = requestIdsKey.indexOf('|');
        if (colon < 0 || bar < colon) {
            return Optional.empty();
        }
        final String tenantId = requestIdsKey.substring(0, colon);
        final String clientId = requestIdsKey.substring(colon + 1, bar);
        final String requestId = requestIdsKey.substring(bar + 1);
        if (!Identifiers.isValidId(tenantId) || !Identifiers.isValidId(clientId) || !Identifiers.isValidRequestId(requestId)) {
            return Optional.empty();
        }
        return Optional.of(new Entry(Identifiers.tenantRequestKey(tenantId, requestId), requestIdsKey.substring(0, bar)));
    }

    /** Indexes one request-ids entry (a no-op for keys that are not indexed). */
    static void put(final WindowStore<String, String> index, final String requestIdsKey, final long windowStart) {
        entryOf(requestIdsKey).ifPresent(entry -> index.put(entry.indexKey(), entry.clientKey(), windowStart));
    }

    /**
     * Puts every entry of the (restored) request-ids store into the index, with its window start:
     * entries the index has are rewritten unchanged, the ones it lacks (a fresh or wiped state
     * directory, index writes lost in a crash before RocksDB flushed them) are added. Run at every
     * start of the judge's task. A local scan of the store, which is cheaper than the changelog
     * restore of the same entries that precedes it after a wipe; on a clean restart it is the
     * whole cost, in proportion to the decisions kept (docs/dispatcher.md).
     */
    static void rebuild(final WindowStore<String, String> index, final ReadOnlyWindowStore<String, byte[]> requestIds) {
        try (KeyValueIterator<Windowed<String>, byte[]> entries = requestIds.all()) {
            while (entries.hasNext()) {
                final Windowed<String> entry = entries.next().key;
                put(index, entry.key(), entry.window().start());
            }
        }
    }

    /**
     * The decision of a request, from one task's stores or all of an instance's local ones (the
     * index entry and the decision are always in the same partition); empty while the request is
     * not decided (a request waiting in the buffer is not), after the retention, or when only a
     * first-seen time of an older version is stored.
     */
    public static Optional<DispatchDecision> decision(
            final ReadOnlyWindowStore<String, String> index, final ReadOnlyWindowStore<String, byte[]> requestIds,
            final DecidedRequests decided, final String tenantId, final String requestId) {
        Objects.requireNonNull(decided, "decided");
        return latest(index, Identifiers.tenantRequestKey(tenantId, requestId))
                .flatMap(clientKey -> latest(requestIds, DecidedRequests.key(clientKey, requestId)))
                .flatMap(decided::decode)
                .filter(decision -> tenantId.equals(decision.getTenantId()) && requestId.equals(decision.getRequestId()));
    }

    /** The latest value of a key across every live segment. */
    private static <V> Optional<V> latest(final ReadOnlyWindowStore<String, V> store, final String key) {
        V last = null;
        try (WindowStoreIterator<V> entries = store.fetch(key, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            while (entries.hasNext()) {
                final KeyValue<Long, V> entry = entries.next();
                last = entry.value;
            }
        }
        return Optional.ofNullable(last);
    }
}
