package io.optgate.platform.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which configuration names hold secrets, so that their values are never logged or put
 * into error messages. Works on both spellings: {@code KAFKA_SASL_JAAS_CONFIG} and
 * {@code sasl.jaas.config}. A URL's user info ({@code http://user:password@host}, how
 * {@code SCHEMA_REGISTRY_URL} carries basic auth) is a secret in any value.
 */
public final class SecretNames {

    /** Shown instead of a secret value. */
    public static final String MASK = "[hidden]";

    private static final List<String> SECRET_PARTS = List.of(
            "password", "secret", "token", "jaas", "credential", "api.key", "apikey",
            "user.info", "keystore.key", "private.key");

    /** The user info of each URL in a value: after {@code scheme://}, up to the {@code @} before the host. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private SecretNames() {
    }

    /** Whether the value of {@code name} must never be shown. */
    public static boolean isSecret(final String name) {
        final String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.');
        return SECRET_PARTS.stream().anyMatch(normalized::contains);
    }

    /**
     * The value itself, or {@link #MASK} when {@code name} holds a secret, or the value with the user
     * info of its URLs masked; {@code null} stays {@code null}.
     */
    public static String mask(final String name, final String value) {
        if (value == null) {
            return null;
        }
        return isSecret(name) ? MASK : maskUserInfo(value);
    }

    /** {@code text} with the user info of every URL in it shown as {@link #MASK}: {@code http://[hidden]@host:8081}. */
    public static String maskUserInfo(final String text) {
        return USER_INFO.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(MASK) + "@");
    }
}
