package io.optgate.consent.rules;

import java.util.Objects;

/** A refused event: the code and a readable reason (never containing a phone number). */
public record Rejection(RejectionCode code, String reason) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
