package io.optgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The benchmark's results as a Markdown document: a few lines of context, then one table per measurement. */
public final class Report {

    private final List<String> blocks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private String preamble = "";

    /** Text shown first, under the title (the run's context). */
    public Report preamble(final String markdown) {
        this.preamble = Objects.requireNonNull(markdown, "markdown");
        return this;
    }

    /** A heading (level 2). */
    public Report heading(final String text) {
        blocks.add("## " + text);
        return this;
    }

    /** A paragraph or bullet list, as written. */
    public Report text(final String markdown) {
        blocks.add(markdown);
        return this;
    }

    /** Starts a table with these column headers. */
    public Table table(final String... headers) {
        final Table table = new Table(List.of(headers));
        blocks.add(null);
        final int index = blocks.size() - 1;
        table.onDone = rendered -> blocks.set(index, rendered);
        table.onDone.accept(table.render());
        return table;
    }

    /** Records a phase that failed; it is listed in the report and makes the run fail. */
    public Report failed(final String phase, final Throwable error) {
        failures.add(phase + ": " + describe(error));
        return this;
    }

    /** The phases that failed. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The whole document. */
    public String render() {
        final StringBuilder out = new StringBuilder("# optgate benchmark results\n");
        if (!preamble.isBlank()) {
            out.append('\n').append(preamble.strip()).append('\n');
        }
        for (final String block : blocks) {
            if (block != null) {
                out.append('\n').append(block).append('\n');
            }
        }
        if (!failures.isEmpty()) {
            out.append("\n## Failed phases\n\n");
            failures.forEach(failure -> out.append("- ").append(failure).append('\n'));
        }
        return out.toString();
    }

    private static String describe(final Throwable error) {
        final StringBuilder text = new StringBuilder(String.valueOf(error));
        Throwable cause = error.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            text.append(" (caused by ").append(cause).append(')');
        }
        return text.toString().replace('\n', ' ');
    }

    /** A Markdown table being filled. */
    public static final class Table {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();
        private java.util.function.Consumer<String> onDone;

        private Table(final List<String> headers) {
            this.headers = headers;
        }

        /** Adds a row; cells beyond the headers are an error, missing cells are blank. */
        public Table row(final Object... cells) {
            if (cells.length > headers.size()) {
                throw new IllegalArgumentException("row of " + cells.length + " cells for " + headers.size() + " columns");
            }
            final List<String> row = new ArrayList<>();
            for (final Object cell : cells) {
                row.add(Objects.toString(cell, "").replace("|", "\\|"));
            }
            while (row.size() < headers.size()) {
                row.add("");
            }
            rows.add(row);
            onDone.accept(render());
            return this;
        }

        private String render() {
            final StringBuilder out = new StringBuilder();
            out.append("| ").append(String.join(" | ", headers)).append(" |\n");
            out.append('|').append("---|".repeat(headers.size())).append('\n');
            for (final List<String> row : rows) {
                out.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            return out.toString().stripTrailing();
        }
    }

    /** {@code 12,345}. */
    public static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 12.3} (one decimal). */
    public static String decimal(final double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    /** {@code 1.23} (two decimals). */
    public static String ratio(final double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code 123.4 MiB}. */
    public static String mebibytes(final long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Milliseconds with one decimal below 100 ms, whole above. */
    public static String millis(final double ms) {
        return ms < 100 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
    }
}
