package io.optgate.dispatcher.sender;

/**
 * The side effect: hands one text to an SMS provider, making exactly one attempt. Implementations
 * classify the provider's answer into a {@link SendResult} and never retry themselves, never throw
 * for a provider answer, and never log the number or the body unmasked.
 */
public interface MessageGateway extends AutoCloseable {

    /** Makes one hand-over attempt; may block for the provider's round trip. */
    SendResult send(OutboundSms sms);

    /** The provider name recorded on DeliveryEvents ({@code twilio}, {@code dry-run}). */
    String provider();

    /**
     * Whether hand-overs count against the pace ({@code TWILIO_MAX_MPS}); true by default, false
     * for a gateway that sends nothing anywhere.
     */
    default boolean paced() {
        return true;
    }

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {
    }
}
