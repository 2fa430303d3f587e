package io.optgate.dispatcher.progress;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the dispatcher waits for consent-streams.
 *
 * @param maxWait              how long a request may wait for consent to be known current up to its
 *                             time before it is CONSENT_STALE; empty ({@code off}): requests do not
 *                             wait for consent-streams at all (only for the grace) — for a dispatcher
 *                             whose {@code consent.state} something else writes, such as a test
 * @param consentApplicationId consent-streams' {@code application.id}, whose committed offsets show
 *                             how far it has got
 */
public record ConsentWatch(Optional<Duration> maxWait, String consentApplicationId) {

    /** consent-streams' default {@code application.id}. */
    public static final String CONSENT_STREAMS_APPLICATION_ID = "optgate-consent-streams";
    /** Wait up to 2 minutes for the default consent-streams: a failover of one of its instances (session timeout, restore) fits. */
    public static final ConsentWatch DEFAULTS = new ConsentWatch(Optional.of(Duration.ofMinutes(2)), CONSENT_STREAMS_APPLICATION_ID);

    public ConsentWatch {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(consentApplicationId, "consentApplicationId");
        maxWait.ifPresent(wait -> {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("maxWait must be positive: " + wait);
            }
        });
    }

    /** Whether requests wait for consent-streams. */
    public boolean enabled() {
        return maxWait.isPresent();
    }
}
