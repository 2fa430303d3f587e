package io.optgate.dispatcher.progress;

/**
 * How far consent-streams is known to have applied its inputs: every consent input
 * ({@code consent.events}, {@code consent.phone-events}, {@code consent.settings}) appended to Kafka
 * before the answer's instant is reflected, committed, in {@code consent.state} and
 * {@code consent.phone-state}. Steps 1 to 3 of {@link ConsentClock}'s probe; global, not per
 * partition. The SMS sender's send-time check waits for it, so that it judges a text against every
 * staff level-down and STOP appended before its round began.
 */
@FunctionalInterface
public interface ConsentApplied {

    /**
     * Not watched ({@code OPTGATE_CONSENT_MAX_WAIT=off}): the sender takes consent as applied and reads
     * the processed topics as they are (it still tails the raw STOPs).
     */
    ConsentApplied UNWATCHED = () -> Long.MAX_VALUE;

    /** The instant (epoch ms) up to which consent-streams has applied every input; {@link Long#MIN_VALUE} while nothing is known. */
    long appliedUpTo();
}
