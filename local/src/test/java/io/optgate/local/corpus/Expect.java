package io.optgate.local.corpus;

import java.util.Set;

/** What must become of one generated input; every bad one has a recorded reason. */
public sealed interface Expect {

    /** On {@code <topic>.dlq} with one of these {@code optgate.dlq.reason} values. */
    record DeadLetter(Set<String> reasons) implements Expect {
        DeadLetter(final String... reasons) {
            this(Set.of(reasons));
        }
    }

    /** A REJECTED note on {@code consent.notes} naming this eventId. */
    record Rejected(String eventId) implements Expect {
    }

    /** One decision on {@code dispatch.decisions} for this requestId, with this verdict and reason. */
    record Decided(String requestId, String verdict, String reason) implements Expect {
    }

    /** {@code consent.state} of this client key ends at this level. */
    record ConsentLevel(String clientKey, String level) implements Expect {
    }

    /** {@code consent.phone-state} of this key ends suppressed. */
    record Suppressed(String phoneKey) implements Expect {
    }

    /** Consent-streams stored it: the practice's preference list names this preference. */
    record Stored(String tenantId, String preferenceId) implements Expect {
    }

    /** An HTTP answer with one of these statuses; a 4xx has the contract's error body. */
    record Answer(Set<Integer> statuses) implements Expect {
        Answer(final Integer... statuses) {
            this(Set.of(statuses));
        }
    }

    /** A signed webhook that means nothing: answered, counted under this outcome, nothing written. */
    record Ignored(int status, String outcome) implements Expect {
    }
}
