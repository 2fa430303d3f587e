package io.optgate.consent.topology;

import io.optgate.consent.rules.Outcome;
import io.optgate.consent.rules.Rejection;
import io.optgate.consent.rules.RejectionCode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * That an event was processed, when, and with what result: the dedup record of an event id, and
 * what a PUT waiting for its event reads.
 *
 * @param at        when it was processed (wall clock)
 * @param result    applied, unchanged or rejected
 * @param rejection why it was rejected, when it was
 */
public record ProcessedEvent(Instant at, Outcome.Result result, Optional<Rejection> rejection) {

    public ProcessedEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(rejection, "rejection");
    }

    /** The store form: {@code <millis>|<result>|<code>|<reason>}. */
    String encode() {
        return at.toEpochMilli() + "|" + result.name() + "|"
                + rejection.map(r -> r.code().name() + "|" + r.reason()).orElse("|");
    }

    /** Reads the store form written by {@link #encode()}. */
    public static ProcessedEvent decode(final String encoded) {
        final String[] parts = encoded.split("\\|", 4);
        final Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
        final Outcome.Result result = Outcome.Result.valueOf(parts[1]);
        final Optional<Rejection> rejection = parts.length > 3 && !parts[2].isEmpty()
                ? Optional.of(new Rejection(RejectionCode.valueOf(parts[2]), parts[3]))
                : Optional.empty();
        return new ProcessedEvent(at, result, rejection);
    }
}
