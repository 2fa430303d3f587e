package io.optgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmark suite and prints the results as Markdown on stdout (progress goes to
 * stderr). Settings: see {@link BenchSettings}; e.g.
 * {@code java -jar benchmarks/target/optgate-benchmarks.jar --requests=500000 --output=results.md}.
 * Exits with 1 when a phase failed, 2 on bad settings.
 */
public final class BenchmarkMain {

    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private BenchmarkMain() {
    }

    public static void main(final String[] args) {
        // stdout is the report: the apps' JSON logging (platform's logback.xml) must not go there.
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "bench-logback.xml");
        }
        final BenchSettings settings;
        try {
            settings = BenchSettings.from(systemProperties(), List.of(args));
        } catch (final IllegalArgumentException e) {
            System.err.println("optgate-benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        final Report report = run(settings, System.err);
        final String markdown = report.render();
        System.out.print(markdown);
        System.out.flush();
        settings.output().ifPresent(path -> write(path, markdown));
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Runs the suite with {@code settings}, progress to {@code progress}; the report lists any failed phase. */
    public static Report run(final BenchSettings settings, final PrintStream progress) {
        return new Suite(settings, progress).run();
    }

    private static Map<String, String> systemProperties() {
        final Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((name, value) -> properties.put(name.toString(), value.toString()));
        return properties;
    }

    private static void write(final Path path, final String markdown) {
        try {
            final Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, markdown, StandardCharsets.UTF_8);
            System.err.println("optgate-benchmarks: report written to " + path.toAbsolutePath());
        } catch (final IOException e) {
            System.err.println("optgate-benchmarks: cannot write " + path + ": " + e);
        }
    }
}
