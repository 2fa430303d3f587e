package io.optgate.platform.config;

import java.util.Objects;

/**
 * One invalid configuration value: the variable, the value as it may be shown (secrets are
 * masked), and why it was refused.
 *
 * @param variable the environment variable (or properties-file key), e.g. {@code OPTGATE_HTTP_PORT}
 * @param shownValue the offending value, masked when the variable holds a secret; {@code null}
 *     when the variable was missing
 * @param reason what was expected, e.g. {@code "must be an integer between 0 and 65535"}
 */
public record ConfigProblem(String variable, String shownValue, String reason) {

    public ConfigProblem {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(reason, "reason");
    }

    /** A problem with a value that was set; the value is masked when {@code variable} is secret. */
    public static ConfigProblem invalid(final String variable, final String value, final String reason) {
        return new ConfigProblem(variable, SecretNames.mask(variable, value), reason);
    }

    /** A required variable that was not set. */
    public static ConfigProblem missing(final String variable) {
        return new ConfigProblem(variable, null, "is required but not set");
    }

    /** One line such as {@code OPTGATE_HTTP_PORT='abc': must be an integer}. */
    public String describe() {
        return shownValue == null
                ? variable + " " + reason
                : variable + "='" + shownValue + "': " + reason;
    }
}
