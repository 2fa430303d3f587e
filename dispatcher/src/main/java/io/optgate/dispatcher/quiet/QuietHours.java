package io.optgate.dispatcher.quiet;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.MessageRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The quiet-hours rule: when a text the judge decided SEND may reach its client. Plain Java.
 *
 * <ul>
 *   <li>Only solicitations wait: MARKETING and FULL_TRANSACTIONAL texts and calls (SMS, PHONE).
 *       BASIC_TRANSACTIONAL and CONSENT_CONFIRMATION, and e-mail and letters, go at once.</li>
 *   <li>The window is the federal one (8:00-21:00, 47 CFR 64.1200(c)(1)), narrowed by the rule of
 *       the number's state ({@link QuietHoursData}: Florida 8:00-20:00 and others) and by the
 *       practice's own window; a practice window never widens the legal one.</li>
 *   <li>Local time is the client's zone on record, else the practice's, else every zone the
 *       number's area code lies in. A number whose area code is not known is checked in every US
 *       zone against the strictest state window: it goes only when the window is open wherever
 *       it could be (fail closed).</li>
 * </ul>
 */
public final class QuietHours {

    /** A window that never opens in this long is treated as never opening. */
    static final Duration LOOK_AHEAD = Duration.ofDays(8);
    private static final int MAX_STEPS = 64;

    private final QuietHoursData data;

    /** @param data the area-code and state tables */
    public QuietHours(final QuietHoursData data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    /** When a text may go. */
    public sealed interface Timing {
        /** Now: the window is open, or the text is not a solicitation. */
        record Now() implements Timing {
        }

        /** Not before {@code releaseAt}, when the window opens in every zone the client may be in. */
        record HoldUntil(Instant releaseAt) implements Timing {
        }

        /** The windows have no hour in common within {@link #LOOK_AHEAD}: never. */
        record Never(String why) implements Timing {
        }
    }

    /** Whether the rule applies to the request at all. */
    public static boolean applies(final MessageRequest request) {
        final boolean solicitation = request.getCategory() == Category.MARKETING
                || request.getCategory() == Category.FULL_TRANSACTIONAL;
        final boolean byPhone = request.getChannel() == Channel.SMS || request.getChannel() == Channel.PHONE;
        return solicitation && byPhone;
    }

    /**
     * When the text may go.
     *
     * @param request    a text the judge decided SEND
     * @param clientZone the client's IANA zone on record, if any (unreadable ones are ignored)
     * @param practice   the practice's communication settings, if any
     * @param now        the moment of the question
     */
    public Timing timing(final MessageRequest request, final Optional<String> clientZone,
                         final Optional<CommunicationSettings> practice, final Instant now) {
        if (!applies(request)) {
            return new Timing.Now();
        }
        final Optional<QuietHoursData.AreaCode> areaCode = data.areaCodeOf(request.getTo());
        final SendingWindow legal = areaCode.map(code -> data.windowOf(code.state())).orElseGet(data::strictestWindow);
        final Optional<SendingWindow> practiceWindow = practice.flatMap(QuietHours::practiceWindow);
        final Optional<SendingWindow> window = practiceWindow.isEmpty() ? Optional.of(legal) : legal.narrowedTo(practiceWindow.get());
        if (window.isEmpty()) {
            return new Timing.Never("the practice's sending window " + practiceWindow.get()
                    + " does not overlap the legal window " + legal);
        }
        final List<ZoneId> zones = zone(clientZone)
                .or(() -> practice.flatMap(settings -> zone(Optional.ofNullable(settings.getTimeZone()))))
                .map(List::of)
                .orElseGet(() -> areaCode.map(QuietHoursData.AreaCode::zones).orElse(data.usZones()));
        return nextOpening(window.get(), zones, now);
    }

    /** The first instant at or after {@code now} at which the window is open in every zone. */
    static Timing nextOpening(final SendingWindow window, final List<ZoneId> zones, final Instant now) {
        final Instant limit = now.plus(LOOK_AHEAD);
        Instant candidate = now;
        for (int step = 0; step < MAX_STEPS && !candidate.isAfter(limit); step++) {
            Instant latest = candidate;
            for (final ZoneId zone : zones) {
                final Instant opening = openingInZone(window, zone, candidate);
                if (opening.isAfter(latest)) {
                    latest = opening;
                }
            }
            if (latest.equals(candidate)) {
                return candidate.equals(now) ? new Timing.Now() : new Timing.HoldUntil(candidate);
            }
            candidate = latest;
        }
        return new Timing.Never("the window " + window + " is never open in all of " + zones + " at once");
    }

    /** {@code at} when the window is open there, else the next start of the window in that zone. */
    private static Instant openingInZone(final SendingWindow window, final ZoneId zone, final Instant at) {
        final ZonedDateTime local = at.atZone(zone);
        if (window.contains(local.toLocalTime())) {
            return at;
        }
        final boolean beforeStart = local.toLocalTime().isBefore(window.start());
        final ZonedDateTime opening = ZonedDateTime.of(
                beforeStart ? local.toLocalDate() : local.toLocalDate().plusDays(1), window.start(), zone);
        return opening.toInstant();
    }

    /** The practice's window: either bound may be left out (the federal one stands in); a bad one is ignored. */
    private static Optional<SendingWindow> practiceWindow(final CommunicationSettings settings) {
        if (settings.getSendingWindowStart() == null && settings.getSendingWindowEnd() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SendingWindow.parse(
                    Objects.requireNonNullElse(settings.getSendingWindowStart(), SendingWindow.FEDERAL.start().toString()),
                    Objects.requireNonNullElse(settings.getSendingWindowEnd(), SendingWindow.FEDERAL.end().toString())));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The zone an IANA id names; empty for none or anything else (an offset, a typo). */
    public static Optional<ZoneId> zone(final Optional<String> id) {
        return id.map(String::strip).filter(Identifiers::isIanaTimeZone).map(ZoneId::of);
    }
}
