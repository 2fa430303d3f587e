package io.optgate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run as Markdown, the shape docs/RELIABILITY.md publishes them in. */
final class FaultReport {

    private FaultReport() {
    }

    static String markdown(final FaultRunSize size, final FaultChecks checks, final List<FaultEvent> faults,
                           final Duration traffic, final Duration drain, final Duration total) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Run of %s: %,d requests at %d/s over %,d clients, seed %d; traffic %s, "
                        + "drained in %s, whole run %s.%n%n", Instant.now(), size.requests(), size.ratePerSecond(),
                size.clients(), size.seed(), seconds(traffic), seconds(drain), seconds(total)));
        out.append("| fault | at (UTC) | down | back healthy after restart | longest pause in decisions (fault to +60 s) |\n|---|---|---|---|---|\n");
        for (final FaultEvent fault : faults) {
            out.append("| ").append(fault.what()).append(" | ").append(fault.at()).append(" | ").append(seconds(fault.down())).append(" | ")
                    .append(seconds(fault.recovery())).append(" | ")
                    .append(seconds(checks.longestDecisionPause(fault.at(), fault.healthyAt().plusSeconds(60)))).append(" |\n");
        }
        out.append("\n| figure | count |\n|---|---|\n");
        table(out, checks.figures());
        out.append("\n| decision (verdict reason) | count |\n|---|---|\n");
        table(out, checks.reasons());
        out.append("\n| last delivery status of each SEND | count |\n|---|---|\n");
        table(out, checks.outcomes());
        out.append("\n| within a documented limit (consent-streams behind after a consent-streams or broker kill) | cases |\n|---|---|\n");
        if (checks.limits().isEmpty()) {
            out.append("| none | 0 |\n");
        }
        checks.limits().forEach((kind, cases) -> out.append("| ").append(kind).append(" | ").append(cases.size()).append(" |\n"));
        out.append("\n| promise broken | cases |\n|---|---|\n");
        if (checks.violations().isEmpty()) {
            out.append("| none | 0 |\n");
        }
        checks.violations().forEach((kind, cases) -> out.append("| ").append(kind).append(" | ").append(cases.size())
                .append(" (e.g. ").append(String.join(", ", cases.subList(0, Math.min(3, cases.size())))).append(") |\n"));
        return out.toString();
    }

    private static void table(final StringBuilder out, final Map<String, Long> rows) {
        rows.forEach((name, count) -> out.append("| ").append(name).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", count)).append(" |\n"));
    }

    private static String seconds(final Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static void write(final Path file, final String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
