package io.optgate.dispatcher.quiet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The system clock moved by an offset a test sets: to play a night and the next morning in seconds. */
public final class ShiftableClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();

    /** Moves the clock so that it reads {@code at} now. */
    public void setTo(final Instant at) {
        offsetMillis.set(at.toEpochMilli() - System.currentTimeMillis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    /** How far the clock is from the system's. */
    public Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }
}
