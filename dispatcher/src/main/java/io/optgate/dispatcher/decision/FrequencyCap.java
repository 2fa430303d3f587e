package io.optgate.dispatcher.decision;

import io.optgate.schema.Category;

import java.time.Duration;
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
 * @param period the sliding window the texts are counted in
 */
public record FrequencyCap(int limit, Duration period) {

    /** MARKETING: 3 per 24 hours. */
    public static final FrequencyCap MARKETING_DEFAULT = new FrequencyCap(3, Duration.ofHours(24));

    public FrequencyCap {
        Objects.requireNonNull(period, "period");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /** The cap of a category, if it has one (UNKNOWN is never sent, so it needs none). */
    public static Optional<FrequencyCap> of(final Category category) {
        return switch (category) {
            case MARKETING -> Optional.of(MARKETING_DEFAULT);
            case BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL, CONSENT_CONFIRMATION, UNKNOWN -> Optional.empty();
        };
    }

    /** The longest period of any cap: how long the dispatcher must remember a sent text. */
    public static Duration longestPeriod() {
        return MARKETING_DEFAULT.period();
    }

    /** The drop once the cap is reached, on the consent the send was based on. */
    public Decision.Drop drop(final Category category, final Decision.ConsentBasis basis) {
        return Decision.Drop.of(DropReason.FREQUENCY_CAPPED,
                limit + " " + category + " texts already sent within " + period, basis);
    }
}
