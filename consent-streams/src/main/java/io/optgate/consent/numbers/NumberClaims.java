package io.optgate.consent.numbers;

import java.util.Objects;
import java.util.Optional;

/**
 * The one rule of sending-number ownership: a number belongs to at most one practice. A claim on a
 * free number is granted; a claim on a number the practice already owns changes nothing; a claim on
 * another practice's number is refused. A release frees the number only when the releasing practice
 * owns it. Plain Java, no Kafka types; applied to each number's claims one at a time, in order.
 */
public final class NumberClaims {

    private NumberClaims() {
    }

    /** What a claim or release does to a number's owner. */
    public enum Decision {
        /** The number was free and now belongs to the claiming practice. */
        GRANTED,
        /** The claiming practice owns the number already. */
        ALREADY_OWNED,
        /** Another practice owns the number: nothing changes. */
        REFUSED,
        /** The practice gave its number up: it is free. */
        RELEASED,
        /** A release by a practice that does not own the number: nothing changes. */
        NOT_OWNER
    }

    /**
     * @param owner    the number's current owner, empty when free
     * @param tenantId the practice claiming or releasing it
     * @param release  true for a release
     */
    public static Decision decide(final Optional<String> owner, final String tenantId, final boolean release) {
        Objects.requireNonNull(tenantId, "tenantId");
        final boolean owns = owner.filter(tenantId::equals).isPresent();
        if (release) {
            return owns ? Decision.RELEASED : Decision.NOT_OWNER;
        }
        if (owner.isEmpty()) {
            return Decision.GRANTED;
        }
        return owns ? Decision.ALREADY_OWNED : Decision.REFUSED;
    }
}
