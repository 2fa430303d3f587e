package io.optgate.dispatcher.dispatch;

import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.Verdict;

import java.util.Objects;
import java.util.Optional;

/**
 * What the judge emits for one request: its decision and, when it is SEND, the request to route
 * to its channel. Lives only between two processors of one sub-topology; never serialized.
 */
record Outcome(DispatchDecision decision, Optional<MessageRequest> outbound) {

    Outcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(outbound, "outbound");
        if (outbound.isPresent() != (decision.getVerdict() == Verdict.SEND)) {
            throw new IllegalArgumentException("a request is routed exactly when its verdict is SEND");
        }
    }
}
