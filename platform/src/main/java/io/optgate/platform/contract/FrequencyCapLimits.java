package io.optgate.platform.contract;

import io.optgate.schema.Category;
import io.optgate.schema.FrequencyCapSetting;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a frequency cap may be, for the settings API that accepts a practice's caps and the
 * dispatcher that applies them (and meets records written around the API): one rule, two readers.
 */
public final class FrequencyCapLimits {

    /**
     * The longest period a cap may have: how long the dispatcher remembers a sent text. Fixed, so
     * that its store's layout never changes with the configuration.
     */
    public static final Duration LONGEST_PERIOD = Duration.ofDays(7);

    private FrequencyCapLimits() {
    }

    /**
     * Whether a practice may cap the category. BASIC_TRANSACTIONAL (a new prescription) and
     * CONSENT_CONFIRMATION (the opt-in confirmation the client must get to say YES) are texts the
     * client needs, never solicitations: they are never capped.
     */
    public static boolean cappable(final Category category) {
        return switch (category) {
            case MARKETING, FULL_TRANSACTIONAL -> true;
            case BASIC_TRANSACTIONAL, CONSENT_CONFIRMATION, UNKNOWN -> false;
        };
    }

    /** The period of a cap, empty when the text is not an ISO-8601 duration. */
    public static Optional<Duration> period(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(text.strip()));
        } catch (final DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The problem with a limit and period, empty when they make a valid cap. */
    public static Optional<String> problem(final int limit, final Duration period) {
        if (limit < 1) {
            return Optional.of("the limit must be at least 1");
        }
        if (period.isNegative() || period.isZero() || period.compareTo(LONGEST_PERIOD) > 0) {
            return Optional.of("the period must be longer than zero and at most " + LONGEST_PERIOD);
        }
        return Optional.empty();
    }

    /** The problem with one practice's cap setting, empty when it is valid. Names no value but the category. */
    public static Optional<String> problem(final FrequencyCapSetting setting) {
        if (setting.getCategory() == null || !cappable(setting.getCategory())) {
            return Optional.of("only MARKETING and FULL_TRANSACTIONAL may be capped, not " + setting.getCategory());
        }
        final Optional<Duration> period = period(setting.getPeriod());
        if (period.isEmpty()) {
            return Optional.of("the period of the " + setting.getCategory() + " cap must be an ISO-8601 duration such as PT24H");
        }
        return problem(setting.getLimit(), period.get()).map(p -> p + " (the " + setting.getCategory() + " cap)");
    }
}
