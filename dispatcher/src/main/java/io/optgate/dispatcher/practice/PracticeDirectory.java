package io.optgate.dispatcher.practice;

import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.PreferenceDefinition;

import java.util.Optional;
import java.util.Set;

/**
 * Read-only view of every practice's settings and preference definitions, as published on
 * {@code consent.settings}. The dispatcher's decisions, the Twilio sender (the practice's
 * {@code smsFrom}) and the inbound webhook (which practice owns a {@code To} number) all read it.
 */
public interface PracticeDirectory {

    /** The practice's communication settings, empty when the practice has never saved any. */
    Optional<CommunicationSettings> settings(String tenantId);

    /** One preference definition of a practice, empty when it was never defined. */
    Optional<PreferenceDefinition> preference(String tenantId, String preferenceId);

    /**
     * The one practice this E.164 sending number belongs to, as consent-streams decided it
     * ({@code consent.sending-numbers}); empty when no practice owns it.
     */
    Optional<String> tenantOwningNumber(String e164);

    /**
     * Every practice that has this E.164 mobile number on record for some client
     * ({@code consent.phone-practices}): where a STOP sent to a Messaging Service's shared number applies.
     *
     * @throws UnsupportedOperationException when this directory does not hold that index (callers
     *     then answer "try again" rather than drop the STOP)
     */
    default Set<String> practicesWithNumber(final String e164) {
        throw new UnsupportedOperationException("this directory does not hold the practices of a number");
    }
}
