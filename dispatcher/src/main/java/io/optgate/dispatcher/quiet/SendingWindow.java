package io.optgate.dispatcher.quiet;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Hours of the day in which a solicitation may reach its recipient, in the recipient's local time:
 * from {@code start} (inclusive) to {@code end} (exclusive), within one day. Plain Java.
 */
public record SendingWindow(LocalTime start, LocalTime end) {

    /** 47 CFR 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. local time. */
    public static final SendingWindow FEDERAL = new SendingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0));

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** Fails fast on a missing bound or a window that is empty or runs over midnight. */
    public SendingWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a sending window starts before it ends: " + start + "-" + end);
        }
    }

    /** A window from {@code HH:mm} bounds, failing with a message naming the bad one. */
    public static SendingWindow parse(final String start, final String end) {
        return new SendingWindow(time(start), time(end));
    }

    private static LocalTime time(final String hhmm) {
        try {
            return LocalTime.parse(Objects.requireNonNull(hhmm, "time").strip(), HH_MM);
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException("not a time of day as HH:mm: " + hhmm, e);
        }
    }

    /** Whether a local time of day is inside the window. */
    public boolean contains(final LocalTime time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    /** The hours both windows allow; empty when they do not overlap. */
    public Optional<SendingWindow> narrowedTo(final SendingWindow other) {
        final LocalTime from = start.isAfter(other.start) ? start : other.start;
        final LocalTime to = end.isBefore(other.end) ? end : other.end;
        return from.isBefore(to) ? Optional.of(new SendingWindow(from, to)) : Optional.empty();
    }

    @Override
    public String toString() {
        return HH_MM.format(start) + "-" + HH_MM.format(end);
    }
}
