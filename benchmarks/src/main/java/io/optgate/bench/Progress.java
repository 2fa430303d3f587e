package io.optgate.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Progress lines, time-stamped; they go apart from the report so that stdout stays the report alone. */
public final class Progress {

    private final PrintStream out;

    public Progress(final PrintStream out) {
        this.out = out;
    }

    /** One line: {@code format} with {@code args}, in the root locale. */
    public void log(final String format, final Object... args) {
        out.printf(Locale.ROOT, "[bench %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(Locale.ROOT, format, args));
    }
}
