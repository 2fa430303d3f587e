package io.optgate.dispatcher.stats;

import io.optgate.platform.state.WindowStores;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ops.dispatch-stats}: per practice, decisions counted in one-minute windows of decision
 * time, by verdict and by reason.
 *
 * <p>Each task first counts its own decisions ({@link PartialCounts}) and hands the counts on once
 * a second; only those are re-keyed by practice and summed. Re-keying every decision cost one
 * Kafka write per request; the partial counts cost one per practice and window a commit touched.
 *
 * <p>Each window is emitted as it changes (coalesced by the record cache at every commit), not
 * once when it closes: a window closes only when stream time passes it, which a quiet practice may
 * never do, and ops want the current minute. The last record of a (tenantId, windowStart) is the
 * window's count; a window accepts decisions up to one minute late.
 */
public final class StatsTopology {

    /** Windowed counts per practice. */
    public static final String STATS_STORE = "dispatcher.dispatch-stats";
    /** One task's counts not yet handed on, per window and practice ({@link PartialCounts}). */
    public static final String PARTIAL_STORE = "dispatcher.dispatch-stats-partial";
    /** Partial counts by practice. (Before partial counts the repartition carried every decision, as {@code dispatcher.decisions-by-tenant}.) */
    static final String BY_TENANT_REPARTITION = "dispatcher.partial-stats-by-tenant";
    /** How often a task hands its partial counts on: how far the statistics may lag the decisions. */
    static final Duration HAND_OVER = Duration.ofSeconds(1);
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration LATENESS = Duration.ofMinutes(1);
    private static final Duration RETENTION = Duration.ofHours(1);

    private StatsTopology() {
    }

    /**
     * Adds the statistics part.
     *
     * @param decisions    the decisions (record timestamp: decidedAt)
     * @param statsTopic   {@code ops.dispatch-stats}
     * @param statsSerde   its value serde
     */
    public static void addTo(
            final StreamsBuilder builder,
            final KStream<String, DispatchDecision> decisions,
            final String statsTopic,
            final Serde<DispatchStats> statsSerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARTIAL_STORE), Serdes.String(), statsSerde)
                .withCachingEnabled());
        decisions
                .process(() -> new PartialCounts(HAND_OVER), Named.as("dispatch-stats-partial"), PARTIAL_STORE)
                .groupByKey(Grouped.with(BY_TENANT_REPARTITION, Serdes.String(), statsSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, LATENESS))
                .aggregate(
                        StatsTopology::empty,
                        (tenantId, partial, stats) -> add(tenantId, partial, stats),
                        Named.as("dispatch-stats-count"),
                        Materialized.<String, DispatchStats>as(
                                        WindowStores.persistentTimestamped(STATS_STORE, RETENTION, WINDOW, false))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(statsSerde))
                .toStream(Named.as("dispatch-stats-updates"))
                .map((window, stats) -> KeyValue.pair(window.key(), withWindow(stats, window.window())),
                        Named.as("dispatch-stats-by-tenant"))
                .to(statsTopic, Produced.with(Serdes.String(), statsSerde).withName("dispatch-stats-sink"));
    }

    static DispatchStats empty() {
        return DispatchStats.newBuilder()
                .setTenantId("")
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH)
                .setCountsByVerdict(new HashMap<>())
                .setCountsByReason(new HashMap<>())
                .setTotal(0L)
                .build();
    }

    /** A new aggregate with one more decision; the previous one is left as it was. */
    static DispatchStats count(final String tenantId, final DispatchDecision decision, final DispatchStats stats) {
        final Map<String, Long> byVerdict = new HashMap<>(stats.getCountsByVerdict());
        byVerdict.merge(decision.getVerdict().name(), 1L, Long::sum);
        final Map<String, Long> byReason = new HashMap<>(stats.getCountsByReason());
        byReason.merge(decision.getReason().name(), 1L, Long::sum);
        return DispatchStats.newBuilder(stats)
                .setTenantId(tenantId)
                .setCountsByVerdict(byVerdict)
                .setCountsByReason(byReason)
                .setTotal(stats.getTotal() + 1)
                .build();
    }

    /** A new aggregate with a task's partial counts added; the previous one is left as it was. */
    static DispatchStats add(final String tenantId, final DispatchStats partial, final DispatchStats stats) {
        final Map<String, Long> byVerdict = new HashMap<>(stats.getCountsByVerdict());
        partial.getCountsByVerdict().forEach((verdict, n) -> byVerdict.merge(verdict, n, Long::sum));
        final Map<String, Long> byReason = new HashMap<>(stats.getCountsByReason());
        partial.getCountsByReason().forEach((reason, n) -> byReason.merge(reason, n, Long::sum));
        return DispatchStats.newBuilder(stats)
                .setTenantId(tenantId)
                .setCountsByVerdict(byVerdict)
                .setCountsByReason(byReason)
                .setTotal(stats.getTotal() + partial.getTotal())
                .build();
    }

    private static DispatchStats withWindow(final DispatchStats stats, final Window window) {
        return DispatchStats.newBuilder(stats)
                .setWindowStart(window.startTime())
                .setWindowEnd(window.endTime())
                .build();
    }
}
