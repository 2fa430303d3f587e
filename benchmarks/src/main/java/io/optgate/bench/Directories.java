package io.optgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmark's work and state directories. */
public final class Directories {

    private Directories() {
    }

    /** A new, empty directory for one run's state. */
    public static Path temporary() {
        try {
            return Files.createTempDirectory("optgate-bench-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a work directory", e);
        }
    }

    /** Deletes {@code directory} and everything under it; nothing when it does not exist. */
    public static void delete(final Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
