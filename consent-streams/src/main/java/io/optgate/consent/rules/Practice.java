package io.optgate.consent.rules;

import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.PreferenceDefinition;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the rules need to know about one practice: its communication settings (empty when it never
 * saved any, which means communication preferences are off) and its preference definitions by id.
 */
public record Practice(Optional<CommunicationSettings> settings, Map<String, PreferenceDefinition> preferences) {

    /** A practice that never saved settings nor defined preferences. */
    public static final Practice NONE = new Practice(Optional.empty(), Map.of());

    public Practice {
        Objects.requireNonNull(settings, "settings");
        preferences = Map.copyOf(preferences);
    }

    /** Whether the practice switched communication preferences on. */
    public boolean preferencesEnabled() {
        return settings.map(CommunicationSettings::getEnabled).orElse(false);
    }

    /** The preference's display name, or its id when the practice has no such definition. */
    String preferenceName(final String preferenceId) {
        final PreferenceDefinition definition = preferences.get(preferenceId);
        return definition == null ? preferenceId : definition.getName();
    }
}
