package io.optgate.local.progress;

import java.time.Instant;
import java.util.Map;

/**
 * Counts since this start of local mode, as read from the output topics.
 *
 * @param at             when the counts were taken
 * @param decisions      decisions read from {@code dispatch.decisions}
 * @param byVerdict      decisions by verdict (SEND, DROP)
 * @param byReason       DROP decisions by reason
 * @param deliveries     delivery events by status (DRY_RUN, QUEUED, SENT, DELIVERED, FAILED...)
 * @param consentNotes   notes read from {@code consent.notes} (one per effective consent change)
 */
public record ProgressSnapshot(Instant at, long decisions, Map<String, Long> byVerdict, Map<String, Long> byReason,
                               Map<String, Long> deliveries, long consentNotes) {

    public ProgressSnapshot {
        byVerdict = Map.copyOf(byVerdict);
        byReason = Map.copyOf(byReason);
        deliveries = Map.copyOf(deliveries);
    }

    /** Nothing counted yet. */
    public static ProgressSnapshot empty(final Instant at) {
        return new ProgressSnapshot(at, 0, Map.of(), Map.of(), Map.of(), 0);
    }

    /** Decisions with verdict SEND. */
    public long sent() {
        return byVerdict.getOrDefault("SEND", 0L);
    }

    /** Decisions with verdict DROP. */
    public long dropped() {
        return byVerdict.getOrDefault("DROP", 0L);
    }
}
