package io.optgate.dispatcher.decision;

import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one decision is made from.
 *
 * @param key        the record key the request was read with
 * @param request    the request
 * @param consent    the client's consent (at the request's time, or the latest known)
 * @param phone      the state of the number the request is addressed to; {@link PhoneStatus#CLEAR}
 *                   for channels that do not address a phone number
 * @param settings   the practice's communication settings, empty when never saved
 * @param preference the definition of the preference the request names, empty when it names none
 *                   or the practice never defined it
 * @param now        when the decision is made
 */
public record DecisionInput(
        String key,
        MessageRequest request,
        ClientConsent consent,
        PhoneStatus phone,
        Optional<CommunicationSettings> settings,
        Optional<PreferenceDefinition> preference,
        Instant now) {

    public DecisionInput {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(now, "now");
    }

    /** The same input judged against another consent. */
    public DecisionInput withConsent(final ClientConsent other) {
        return new DecisionInput(key, request, other, phone, settings, preference, now);
    }
}
