package io.optgate.dispatcher.quiet;

import io.optgate.dispatcher.app.DispatcherConfig;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * For broker tests that are not about quiet hours: quiet hours read a clock stopped at 19:00 UTC
 * (14:00 in New York, 9:00 in Honolulu), an hour open in every US zone, so that their marketing
 * and full-transactional texts go at once whatever the time of day the test runs.
 */
public final class OpenHours {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T19:00:00Z"), ZoneOffset.UTC);

    private OpenHours() {
    }

    /** The same config with quiet hours read at an open hour. */
    public static DispatcherConfig of(final DispatcherConfig config) {
        return config.withTuning(config.tuning().withWallClock(CLOCK));
    }
}
