package io.optgate.dispatcher.practice;

import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.PreferenceDefinition;

import java.util.Optional;

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

    /** The practice whose {@code smsFrom} is this E.164 number, empty when no practice owns it. */
    Optional<String> tenantOwningNumber(String e164);
}
