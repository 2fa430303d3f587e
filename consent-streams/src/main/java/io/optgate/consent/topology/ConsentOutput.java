package io.optgate.consent.topology;

import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentState;

/** What the consent processor emits; each kind goes to its own topic. */
sealed interface ConsentOutput {

    /** A new version of a client's state, for {@code consent.state}. */
    record State(ConsentState state) implements ConsentOutput {
    }

    /** A number's new suppression state, for {@code consent.phone-state}. */
    record PhoneState(PhoneConsentState state) implements ConsentOutput {
    }

    /** A note for {@code consent.notes}. */
    record Note(ConsentNote note) implements ConsentOutput {
    }

    /** A text to request on {@code message.requests}: the marketing confirmation. */
    record Message(MessageRequest request) implements ConsentOutput {
    }

    /**
     * An input the processor failed on, for {@code <sourceTopic>.dlq}: its value as its source topic
     * holds it; the reason travels in the record's headers.
     */
    record DeadLetter(String sourceTopic, byte[] value) implements ConsentOutput {
    }
}
