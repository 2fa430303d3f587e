package io.optgate.platform.http.query;

import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers a request about one key from whichever instance holds it: locally when this instance
 * owns the key, else by forwarding the same request to the owner and returning its answer
 * unchanged. While nobody owns the key (start-up, rebalancing, restoring) the answer is 503
 * {@code STORE_NOT_READY} with {@code Retry-After}.
 *
 * <pre>{@code
 * InteractiveQueries queries = InteractiveQueries.forStreams(runner.streams(), runner.applicationServer());
 * Handler getConsent = request -> queries.answer(request, "consent-state", clientKey(request),
 *     Serdes.String().serializer(), partition -> {
 *         ReadOnlyKeyValueStore<String, ConsentState> store = runner.streams().store(
 *             InteractiveQueries.storeParameters("consent-state", QueryableStoreTypes.keyValueStore(), partition));
 *         return Response.ok(view(store.get(clientKey(request))));
 *     });
 * }</pre>
 */
public final class InteractiveQueries {

    /** The code of the 503 answered while no instance can serve the key. */
    public static final String STORE_NOT_READY = "STORE_NOT_READY";

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KeyOwnerLookup lookup;
    private final OwnerForwarder forwarder;

    /** Answers with {@code lookup} and forwards with {@code forwarder}. */
    public InteractiveQueries(final KeyOwnerLookup lookup, final OwnerForwarder forwarder) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
    }

    /**
     * For a Kafka Streams app; {@code self} is its {@code application.server}
     * ({@code StreamsRunner#applicationServer()}), empty for a single instance.
     */
    public static InteractiveQueries forStreams(final KafkaStreams streams, final Optional<HostInfo> self) {
        return new InteractiveQueries(new StreamsKeyOwnerLookup(streams, self), OwnerForwarder.create());
    }

    /** The answer of a query on this instance's part of the store, given the key's partition. */
    @FunctionalInterface
    public interface LocalQuery {
        /** Answers from the local store partition {@code partition} ({@link KeyOwner#ANY_PARTITION} for global stores). */
        Response query(int partition) throws Exception;
    }

    /**
     * The answer to {@code request} about {@code key} of {@code store}: {@code local}'s when this
     * instance owns the key, otherwise the owner's.
     *
     * @throws ApiException 503 {@code STORE_NOT_READY} with Retry-After while nobody can serve the
     *     key (including a local store that is migrating or restoring, and a forwarded request
     *     that reached an instance which is no longer the owner); the forwarder's 503/504 when
     *     the owner cannot be reached
     */
    public <K> Response answer(final Request request, final String store, final K key, final Serializer<K> keySerializer,
                               final LocalQuery local) throws Exception {
        final KeyOwner owner = lookup.locate(store, key, keySerializer);
        if (owner instanceof KeyOwner.Local mine) {
            try {
                return local.query(mine.partition());
            } catch (final InvalidStateStoreException e) {
                throw notReady("the store is not ready on this instance");
            }
        }
        if (owner instanceof KeyOwner.Remote remote) {
            if (request.header(OwnerForwarder.FORWARDED_HEADER).isPresent()) {
                throw notReady("the data is moving between instances");
            }
            return forwarder.forward(request, remote.host());
        }
        throw notReady(((KeyOwner.Unavailable) owner).reason());
    }

    /**
     * Store query parameters pinned to {@code partition} (unless {@link KeyOwner#ANY_PARTITION}),
     * so that a partition this instance does not hold fails instead of answering "not found".
     */
    public static <T> StoreQueryParameters<T> storeParameters(final String store, final QueryableStoreType<T> type,
                                                              final int partition) {
        final StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(store, type);
        return partition == KeyOwner.ANY_PARTITION ? parameters : parameters.withPartition(partition);
    }

    private static ApiException notReady(final String reason) {
        return ApiException.serviceUnavailable(STORE_NOT_READY, reason + "; try again shortly", RETRY_AFTER);
    }
}
