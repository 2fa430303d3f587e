package io.optgate.dispatcher.stats;

import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.DispatchStats;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * {@code GET /v1/tenants/{t}/dispatch-stats}: the practice's decisions per one-minute window over
 * the last hour (what {@code ops.dispatch-stats} carries, read from the store behind it), oldest
 * first, for ops screens that should not need a Kafka consumer. Minutes without decisions are absent.
 */
public final class StatsApi {

    /** How far back the answer goes: the store's retention. */
    public static final Duration SPAN = Duration.ofHours(1);

    /** Reads one partition of the statistics store. */
    @FunctionalInterface
    public interface StatsLookup {
        /** The windows of {@code tenantId} that start in [{@code from}, {@code to}], oldest first. */
        List<DispatchStats> windows(int partition, String tenantId, Instant from, Instant to);
    }

    private final InteractiveQueries queries;
    private final StatsLookup lookup;
    private final Clock clock;

    /**
     * @param queries finds the instance owning the practice's statistics and forwards there
     * @param lookup  reads this instance's statistics store
     * @param clock   where "the last hour" ends
     */
    public StatsApi(final InteractiveQueries queries, final StatsLookup lookup, final Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The store of a running app, one partition at a time. */
    public static StatsLookup storeLookup(final KafkaStreams streams) {
        return fromStores(partition -> streams.store(InteractiveQueries.storeParameters(
                StatsTopology.STATS_STORE, QueryableStoreTypes.windowStore(), partition)));
    }

    /** Reads the store {@code stores} gives for a partition (in tests, a TopologyTestDriver's). */
    public static StatsLookup fromStores(final IntFunction<ReadOnlyWindowStore<String, DispatchStats>> stores) {
        return (partition, tenantId, from, to) -> {
            final List<DispatchStats> windows = new ArrayList<>();
            try (WindowStoreIterator<DispatchStats> found = stores.apply(partition).fetch(tenantId, from, to)) {
                found.forEachRemaining(entry -> {
                    // The stored aggregate does not know its window; the store key does.
                    final Instant start = Instant.ofEpochMilli(entry.key);
                    windows.add(DispatchStats.newBuilder(entry.value)
                            .setWindowStart(start).setWindowEnd(start.plus(StatsTopology.WINDOW)).build());
                });
            }
            return windows;
        };
    }

    /** The route, tenant-scoped. */
    public Routes routes() {
        return Routes.builder().tenant(HttpMethod.GET, "/v1/tenants/{t}/dispatch-stats", this::get).build();
    }

    private Response get(final Request http) throws Exception {
        final String tenantId = http.tenantId();
        final Instant to = clock.instant();
        final Instant from = to.minus(SPAN);
        return queries.answer(http, StatsTopology.STATS_STORE, tenantId, Serdes.String().serializer(), partition ->
                Response.ok(new StatsView(tenantId, from, to, lookup.windows(partition, tenantId, from, to).stream()
                        .map(WindowView::of).toList())));
    }

    /** The answer. */
    public record StatsView(String tenantId, Instant from, Instant to, List<WindowView> windows) {
    }

    /** One minute of one practice. */
    public record WindowView(Instant windowStart, Instant windowEnd, long total, Map<String, Long> countsByVerdict,
                             Map<String, Long> countsByReason) {
        static WindowView of(final DispatchStats stats) {
            return new WindowView(stats.getWindowStart(), stats.getWindowEnd(), stats.getTotal(),
                    new TreeMap<>(stats.getCountsByVerdict()), new TreeMap<>(stats.getCountsByReason()));
        }
    }
}
