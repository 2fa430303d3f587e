package io.optgate.dispatcher.sender;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Practices whose hand-overs wait after a 429: each practice sends from its own number, so a
 * throttled text pauses its practice (for the capped Retry-After) and the others go on. If the
 * whole account is throttled, each practice's next text meets its own 429 and pauses it too.
 * Expired pauses are dropped when looked at, so this holds at most the practices paused now.
 * Owned by the poll thread.
 */
final class PracticePauses {

    private final Map<String, Instant> until = new HashMap<>();

    /** Pauses the practice's hand-overs until {@code end} (a later pause wins). */
    void pause(final String tenantId, final Instant end) {
        until.merge(tenantId, end, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Whether the practice's hand-overs wait at {@code now}. */
    boolean paused(final String tenantId, final Instant now) {
        final Instant end = until.get(tenantId);
        if (end == null) {
            return false;
        }
        if (!now.isBefore(end)) {
            until.remove(tenantId);
            return false;
        }
        return true;
    }
}
