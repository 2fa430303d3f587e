package io.optgate.local.progress;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The one line of progress local mode shows, e.g. {@code 18.5 decisions/s | 4,211 decided: ...}. */
public final class ProgressLine {

    private static final int TOP_REASONS = 3;

    private ProgressLine() {
    }

    /** The line for {@code now}, with the rate measured since {@code previous}. */
    public static String format(final ProgressSnapshot previous, final ProgressSnapshot now) {
        final double seconds = Math.max(0.001, Duration.between(previous.at(), now.at()).toMillis() / 1000.0);
        final double rate = (now.decisions() - previous.decisions()) / seconds;
        final StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT, "%.1f decisions/s | %,d decided: %,d send, %,d drop",
                rate, now.decisions(), now.sent(), now.dropped()));
        if (!now.byReason().isEmpty()) {
            line.append(" (").append(top(now.byReason())).append(')');
        }
        if (!now.deliveries().isEmpty()) {
            line.append(" | sent: ").append(top(now.deliveries()));
        }
        line.append(String.format(Locale.ROOT, " | %,d consent notes", now.consentNotes()));
        return line.toString();
    }

    private static String top(final Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_REASONS)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
