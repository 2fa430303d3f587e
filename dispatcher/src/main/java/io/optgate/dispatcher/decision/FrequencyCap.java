package io.optgate.dispatcher.decision;

import io.optgate.platform.contract.FrequencyCapLimits;
import io.optgate.schema.Category;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * How many texts of one category one client may be sent within a period; the next one is dropped
 * as {@link DropReason#FREQUENCY_CAPPED}. Which caps apply to a practice's texts is
 * {@link FrequencyCaps}; what a cap may be is {@link FrequencyCapLimits}.
 *
 * <p>Source of the default: the Florida Telephone Solicitation Act (Fla. Stat. 501.059) allows at
 * most 3 solicitations on one subject to one person per 24 hours, the strictest US rule, which
 * TCPA practice applies to marketing nationwide; transactional texts are not solicitations and are
 * not capped unless the practice caps them.
 *
 * @param limit  texts allowed within the period (at least 1)
 * @param period the sliding window the texts are counted in, at most {@link #LONGEST_PERIOD}
 */
public record FrequencyCap(int limit, Duration period) {

    /** The longest period a cap may have ({@link FrequencyCapLimits#LONGEST_PERIOD}, shared with the settings API). */
    public static final Duration LONGEST_PERIOD = FrequencyCapLimits.LONGEST_PERIOD;
    /** MARKETING: 3 per 24 hours (declared after the longest period, which its constructor checks). */
    public static final FrequencyCap MARKETING_DEFAULT = new FrequencyCap(3, Duration.ofHours(24));

    public FrequencyCap {
        Objects.requireNonNull(period, "period");
        final Optional<String> problem = FrequencyCapLimits.problem(limit, period);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get() + ": " + limit + "/" + period);
        }
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
