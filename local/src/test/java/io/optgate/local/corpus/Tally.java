package io.optgate.local.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts per input, kind and outcome, printed as the table docs/operations.md keeps; and every miss. */
public final class Tally {

    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final List<String> misses = new ArrayList<>();
    private int bad;
    private int valid;

    /** Counts one outcome; {@code ok} false records a miss naming the input. */
    public void add(final String input, final String kind, final boolean isBad, final String outcome, final boolean ok,
                    final String what) {
        counts.computeIfAbsent(input + " | " + (isBad ? "" : "✓ ") + kind, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        if (isBad) {
            bad++;
        } else {
            valid++;
        }
        if (!ok) {
            misses.add(input + " / " + kind + ": " + outcome + " (" + what + ")");
        }
    }

    /** Inputs that did not end as expected. */
    public List<String> misses() {
        return misses;
    }

    /** The number of bad inputs counted. */
    public int bad() {
        return bad;
    }

    /** A Markdown table: input, kind (✓ for valid traffic), outcome, count. */
    public String table() {
        final StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "%,d bad inputs, %,d valid%n%n| input | kind | outcome | count |%n|---|---|---|---|%n", bad, valid));
        counts.forEach((row, outcomes) -> outcomes.forEach((outcome, count) -> {
            final String[] parts = row.split(" \\| ", 2);
            out.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" | ").append(outcome).append(" | ")
                .append(count).append(" |\n");
        }));
        return out.toString();
    }
}
