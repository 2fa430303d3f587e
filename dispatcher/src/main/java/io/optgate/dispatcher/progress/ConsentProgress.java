package io.optgate.dispatcher.progress;

/**
 * How far the dispatcher's view of consent is known to be current: every consent input appended to
 * Kafka before the answer's instant has been applied by consent-streams and read by this
 * dispatcher. A request is judged once its own instant is covered, so that a STOP that reached
 * Kafka before the request always wins, however far behind consent-streams runs.
 */
@FunctionalInterface
public interface ConsentProgress {

    /** Consent is taken as always current: requests wait only for the fixed grace (as before the signal). */
    ConsentProgress ALWAYS_CURRENT = partition -> Long.MAX_VALUE;

    /**
     * The instant (epoch ms) up to which consent is current for the clients of one
     * {@code consent.state} partition; {@link Long#MIN_VALUE} while nothing is known.
     */
    long currentUpTo(int consentPartition);
}
