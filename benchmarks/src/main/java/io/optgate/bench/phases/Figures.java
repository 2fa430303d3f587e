package io.optgate.bench.phases;

import io.optgate.bench.Report;

import java.time.Duration;

/** How the phases turn clock readings into the report's figures. */
final class Figures {

    private Figures() {
    }

    /** Zero when either end was never reached (0) or they are out of order, so a missing reading never shows as a time. */
    static Duration between(final long fromNanos, final long toNanos) {
        return fromNanos == 0 || toNanos == 0 || toNanos < fromNanos ? Duration.ZERO : Duration.ofNanos(toNanos - fromNanos);
    }

    static String ms(final Duration duration) {
        return Report.count(duration.toMillis());
    }

    /** Records per second, blank for no time. */
    static String rate(final long records, final Duration duration) {
        return duration.isZero() ? "" : Report.count(Math.round(records / (duration.toNanos() / 1e9)));
    }
}
