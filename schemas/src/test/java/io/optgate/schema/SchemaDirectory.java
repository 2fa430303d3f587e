package io.optgate.schema;

import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every named type defined by the {@code .avsc} files below one folder, parsed in dependency order. */
final class SchemaDirectory {

    private SchemaDirectory() {
    }

    /** Full name to schema, for every record and enum the folder defines, nested ones included. */
    static Map<String, Schema> namedTypes(final Path folder) {
        final Deque<Path> pending = new ArrayDeque<>(avscFiles(folder));
        final Schema.Parser parser = new Schema.Parser();
        int failuresInARow = 0;
        // Files reference each other's types; a file whose types are not known yet is retried after the others.
        while (!pending.isEmpty()) {
            final Path file = pending.removeFirst();
            try {
                parser.parse(file.toFile());
                failuresInARow = 0;
            } catch (final AvroRuntimeException notYet) {
                pending.addLast(file);
                if (++failuresInARow > pending.size()) {
                    throw new IllegalStateException("Cannot parse " + pending + ": " + notYet.getMessage(), notYet);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TreeMap<>(parser.getTypes());
    }

    private static List<Path> avscFiles(final Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
