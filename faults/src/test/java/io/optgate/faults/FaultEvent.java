package io.optgate.faults;

import java.time.Duration;
import java.time.Instant;

/**
 * One fault injected during a run and how the system came back from it.
 *
 * @param what        e.g. "kill -9 dispatcher-1"
 * @param at          when the fault began
 * @param restoredAt  when the process was started again (or the stand-in opened its port)
 * @param healthyAt   when the restarted process answered {@code /health} 200 (for a broker: listed live again)
 */
record FaultEvent(String what, Instant at, Instant restoredAt, Instant healthyAt) {

    Duration down() {
        return Duration.between(at, restoredAt);
    }

    Duration recovery() {
        return Duration.between(restoredAt, healthyAt);
    }
}
