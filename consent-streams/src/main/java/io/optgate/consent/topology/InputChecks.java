package io.optgate.consent.topology;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.platform.contract.Identifiers;
import io.optgate.consent.rules.Rejection;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PreferenceDefinition;

import java.util.Optional;

/**
 * The checks a record passes before it is routed to its practice. What fails here has no client to
 * note it against, so it goes to the source topic's dead-letter topic with the reason; an invalid
 * {@code consent.events} event, which names a client, becomes a REJECTED note instead.
 */
final class InputChecks {

    /** The reason header value of a readable record that was refused. */
    static final String INVALID_RECORD = "INVALID_RECORD";

    /** A refused record: the reason header and a detail without personal data. */
    record Problem(String reason, String detail) {
    }

    private InputChecks() {
    }

    static Optional<Problem> consentEvent(final String key, final ConsentEvent event) {
        if (event == null) {
            return Optional.of(new Problem(INVALID_RECORD, "a consent event must have a value; tombstones mean nothing here"));
        }
        return Optional.empty();
    }

    static Optional<Problem> phoneEvent(final String key, final PhoneConsentEvent signal) {
        if (signal == null) {
            return Optional.of(new Problem(INVALID_RECORD, "a phone consent event must have a value; tombstones mean nothing here"));
        }
        final Optional<Rejection> invalid = ConsentRules.validate(signal);
        if (invalid.isPresent()) {
            return Optional.of(new Problem(invalid.get().code().name(), invalid.get().reason()));
        }
        if (!Identifiers.phoneKey(signal.getTenantId(), signal.getPhone()).equals(key)) {
            return Optional.of(new Problem("KEY_MISMATCH", "the record key is not <tenantId>:<E.164> of the event"));
        }
        return Optional.empty();
    }

    static Optional<Problem> setting(final String key, final ConsentSetting setting) {
        if (key == null) {
            return Optional.of(new Problem(INVALID_RECORD, "a setting needs a key"));
        }
        if (setting == null) {
            final String tenantId = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
            return Identifiers.isValidId(tenantId)
                    ? Optional.empty()
                    : Optional.of(new Problem("INVALID_TENANT_ID", "the key does not start with a valid practice id"));
        }
        if (!Identifiers.isValidId(setting.getTenantId())) {
            return Optional.of(new Problem("INVALID_TENANT_ID", "the practice id is not 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        final Object value = setting.getSetting();
        if (value instanceof CommunicationSettings settings) {
            if (!key.equals(setting.getTenantId())) {
                return Optional.of(new Problem("KEY_MISMATCH", "communication settings must be keyed <tenantId>"));
            }
            if (settings.getSmsFrom() != null && !Identifiers.isE164(settings.getSmsFrom())) {
                return Optional.of(new Problem("INVALID_PHONE", "smsFrom is not in E.164 format (+ and 8 to 15 digits)"));
            }
            if (settings.getDefaultValidityDays() != null && settings.getDefaultValidityDays() < 1) {
                return Optional.of(new Problem(INVALID_RECORD, "defaultValidityDays must be at least 1"));
            }
            return Optional.empty();
        }
        if (value instanceof PreferenceDefinition preference) {
            if (!Identifiers.isValidId(preference.getPreferenceId())) {
                return Optional.of(new Problem("INVALID_PREFERENCE_ID", "the preference id is not 1 to 64 letters, digits, '.', '_' or '-'"));
            }
            if (!key.equals(Identifiers.preferenceKey(setting.getTenantId(), preference.getPreferenceId()))) {
                return Optional.of(new Problem("KEY_MISMATCH", "a preference definition must be keyed <tenantId>:<preferenceId>"));
            }
            if (preference.getName() == null || preference.getName().isBlank()) {
                return Optional.of(new Problem(INVALID_RECORD, "a preference needs a name"));
            }
            return Optional.empty();
        }
        return Optional.of(new Problem(INVALID_RECORD, "unknown kind of setting"));
    }
}
