package io.optgate.bench.phases;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What a phase measured that a later phase reads: the memory and targets tables, the two-instance comparison. */
final class Findings {

    /** The restore after a wipe: start → RUNNING and the records restored. */
    record WipedRestore(Duration toRunning, long records) {
    }

    /** The throughput runs by app label, in the order they ran. */
    final Map<String, Throughput> throughputs = new LinkedHashMap<>();
    /** The exactly-once curve's points by label, which the two-instance phase reuses at the default commit interval. */
    final Map<String, Point> curvePoints = new LinkedHashMap<>();
    /** Empty until the dispatcher's restore phase measured it. */
    Optional<WipedRestore> wipedRestore = Optional.empty();
    /** Requests SENT after their client's STOP in the outage phase; empty until measured. */
    OptionalLong sentAfterStop = OptionalLong.empty();
}
