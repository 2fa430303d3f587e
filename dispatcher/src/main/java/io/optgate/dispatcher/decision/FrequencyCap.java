package io.optgate.dispatcher.decision;

import io.optgate.schema.Category;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * How many texts of one category one client may be sent within a period; the next one is dropped
 * as {@link DropReason#FREQUENCY_CAPPED}. The only place the caps are defined.
 *
 * <p>Source of the default: the Florida Telephone Solicitation Act (Fla. Stat. 501.059) allows at
 * most 3 solicitations on one subject to one person per 24 hours, the strictest US rule, which
 * TCPA practice applies to marketing nationwide; transactional texts are not solicitations and are
 * not capped.
 *
 * @param limit  texts allowed within the period (at least 1)
 * @param period the sliding window the texts are counted in, at most {@link #LONGEST_PERIOD}
 */
public record FrequencyCap(int limit, Duration period) {

    /**
     * The longest period a cap may have: how long the dispatcher remembers a sent text. Fixed, so
     * that the store's layout never changes with the configuration.
     */
    public static final Duration LONGEST_PERIOD = Duration.ofDays(7);
    /** MARKETING: 3 per 24 hours (declared after the longest period, which its constructor checks). */
    public static final FrequencyCap MARKETING_DEFAULT = new FrequencyCap(3, Duration.ofHours(24));

    public FrequencyCap {
        Objects.requireNonNull(period, "period");
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1: " + limit);
        }
        if (period.isNegative() || period.isZero() || period.compareTo(LONGEST_PERIOD) > 0) {
            throw new IllegalArgumentException("the period must be longer than zero and at most " + LONGEST_PERIOD + ": " + period);
        }
    }

    /** The cap of a category, if it has one (UNKNOWN is never sent, so it needs none). */
    public static Optional<FrequencyCap> of(final Category category, final Optional<FrequencyCap> marketing) {
        return switch (category) {
            case MARKETING -> marketing;
            case BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL, CONSENT_CONFIRMATION, UNKNOWN -> Optional.empty();
        };
    }

    /**
     * Reads {@code <limit>/<ISO-8601 period>} ({@code 3/PT24H}), or {@code off} for no cap.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Optional<FrequencyCap> parse(final String text) {
        final String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        final int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("must be <limit>/<ISO-8601 period> such as 3/PT24H, or off");
        }
        try {
            return Optional.of(new FrequencyCap(
                    Integer.parseInt(trimmed.substring(0, slash)), Duration.parse(trimmed.substring(slash + 1))));
        } catch (final NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("must be <limit>/<ISO-8601 period> such as 3/PT24H, or off");
        }
    }

    /** The drop once the cap is reached, on the consent the send was based on. */
    public Decision.Drop drop(final Category category, final Decision.ConsentBasis basis) {
        return Decision.Drop.of(DropReason.FREQUENCY_CAPPED,
                limit + " " + category + " texts already sent within " + period, basis);
    }
}
