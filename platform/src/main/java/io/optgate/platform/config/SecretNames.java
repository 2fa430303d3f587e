package io.optgate.platform.config;

import java.util.List;
import java.util.Locale;

/**
 * Decides which configuration names hold secrets, so that their values are never logged or put
 * into error messages. Works on both spellings: {@code KAFKA_SASL_JAAS_CONFIG} and
 * {@code sasl.jaas.config}.
 */
public final class SecretNames {

    /** Shown instead of a secret value. */
    public static final String MASK = "[hidden]";

    private static final List<String> SECRET_PARTS = List.of(
            "password", "secret", "token", "jaas", "credential", "api.key", "apikey",
            "user.info", "keystore.key", "private.key");

    private SecretNames() {
    }

    /** Whether the value of {@code name} must never be shown. */
    public static boolean isSecret(final String name) {
        final String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.');
        return SECRET_PARTS.stream().anyMatch(normalized::contains);
    }

    /** The value itself, or {@link #MASK} when {@code name} holds a secret; {@code null} stays {@code null}. */
    public static String mask(final String name, final String value) {
        if (value == null) {
            return null;
        }
        return isSecret(name) ? MASK : value;
    }
}
