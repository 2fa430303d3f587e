package io.optgate.local.traffic;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record the sample traffic writes: which contract topic, its key, its value.
 *
 * @param topic the contract topic
 * @param key   the record key, as the contract defines it for that topic
 * @param value the Avro value of that topic's type
 */
public record SampleRecord(Topic topic, String key, SpecificRecord value) {

    /** The contract topics sample traffic writes to, as an upstream system or Twilio would. */
    public enum Topic {
        /** {@code consent.settings}: practice settings and preference definitions. */
        CONSENT_SETTINGS,
        /** {@code consent.events}: staff, support, client and system changes. */
        CONSENT_EVENTS,
        /** {@code consent.phone-events}: STOP, START, YES, HELP replies and carrier opt-outs. */
        CONSENT_PHONE_EVENTS,
        /** {@code message.requests}: texts to send. */
        MESSAGE_REQUESTS
    }
}
