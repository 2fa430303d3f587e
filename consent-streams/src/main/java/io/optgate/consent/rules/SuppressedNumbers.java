package io.optgate.consent.rules;

/**
 * Whether a phone number has replied STOP (or been opted out by its carrier) within the practice
 * whose event is being decided, and not replied START since.
 */
@FunctionalInterface
public interface SuppressedNumbers {

    /** No number is suppressed. */
    SuppressedNumbers NONE = phone -> false;

    /** Whether {@code e164} is suppressed in the practice at hand. */
    boolean isSuppressed(String e164);
}
