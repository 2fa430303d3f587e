package io.optgate.local.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.serde.SchemaNotFoundException;
import io.optgate.platform.serde.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the in-process Schema Registry's ids across restarts of local mode.
 *
 * <p>The embedded broker keeps its records, and each Avro record names its writer schema by the id
 * the registry gave it; an in-process registry starts empty in every JVM, so without help the old
 * records could not be read after a restart (or worse, an id could name a different schema). This
 * class writes every id and schema to one JSON-lines file in the data directory and, on the next
 * start, registers them again in id order before anything else touches the registry. The
 * in-process registry hands out ids from 1 in registration order and gives an already known schema
 * its old id, so the replay reproduces every id exactly; {@link #restore} checks that it did.
 *
 * <p>Ordering is what makes it safe: local mode restores, then registers every contract schema
 * ({@link ContractSchemas}), then writes the file, all before a producer or an app starts. The apps
 * only ever write those schemas (any subject finds the same id), so no id reaches the broker that
 * is not already on disk. {@link #sync()} runs again periodically and at shutdown for anything
 * registered later.
 *
 * <p>A file was chosen over a {@code _schemas} topic: it is one small, readable file, it needs no
 * broker to be up before the registry, and it is written before the broker ever sees a record.
 */
public final class PersistentSchemas {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentSchemas.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The subject a replayed schema is registered under; subjects do not decide ids. */
    static final String RESTORED_SUBJECT_PREFIX = "_optgate-local.restored.";

    private final Path file;
    private final SchemaRegistryClient registry;
    private final Map<Integer, String> saved = new TreeMap<>();

    private PersistentSchemas(final Path file, final SchemaRegistryClient registry) {
        this.file = file;
        this.registry = registry;
    }

    /**
     * Registers every schema saved in {@code file} (when it exists) in id order and checks that
     * each gets its saved id back.
     *
     * @param file     the JSON-lines file, e.g. {@code <dataDir>/schema-registry.jsonl}
     * @param registry a fresh in-process registry (nothing registered yet)
     * @throws IllegalStateException when an id does not come back as saved (the registry was used
     *                               before the restore, or the file was edited)
     */
    public static PersistentSchemas restore(final Path file, final SchemaRegistryClient registry) {
        final PersistentSchemas schemas = new PersistentSchemas(file, registry);
        final Map<Integer, String> entries = read(file);
        for (final Map.Entry<Integer, String> e : entries.entrySet()) {
            final Schema schema = new Schema.Parser().parse(e.getValue());
            final int id = registry.register(RESTORED_SUBJECT_PREFIX + e.getKey(), schema);
            if (id != e.getKey()) {
                throw new IllegalStateException("schema id " + e.getKey() + " from " + file + " came back as " + id
                        + "; the in-process registry must be restored before anything registers a schema");
            }
            schemas.saved.put(id, e.getValue());
        }
        if (!entries.isEmpty()) {
            LOG.info("restored {} schema ids from {}", entries.size(), file);
        }
        return schemas;
    }

    /**
     * Registers each schema (subject: its full name) so that it has an id before any record is
     * written, then saves the file.
     */
    public void registerAll(final Collection<Schema> schemas) {
        for (final Schema schema : schemas) {
            registry.register(schema.getFullName(), schema);
        }
        sync();
    }

    /**
     * Saves every schema registered since the last save: asks the registry for the ids after the
     * highest saved one until it has no more. Cheap when nothing is new.
     */
    public synchronized void sync() {
        final Map<Integer, String> found = new TreeMap<>();
        int next = saved.isEmpty() ? 1 : ((TreeMap<Integer, String>) saved).lastKey() + 1;
        while (true) {
            final Schema schema;
            try {
                schema = registry.schemaById(next);
            } catch (final SchemaNotFoundException e) {
                break;
            }
            found.put(next, schema.toString());
            next++;
        }
        if (found.isEmpty()) {
            return;
        }
        saved.putAll(found);
        write(file, saved);
        LOG.debug("saved {} new schema ids to {}", found.size(), file);
    }

    /** Every saved id, in order. */
    public synchronized Set<Integer> savedIds() {
        return new LinkedHashSet<>(saved.keySet());
    }

    private static Map<Integer, String> read(final Path file) {
        final Map<Integer, String> entries = new TreeMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (final String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                final JsonNode node = JSON.readTree(line);
                entries.put(node.get("id").asInt(), node.get("schema").asText());
            } catch (final IOException | RuntimeException e) {
                throw new IllegalStateException(file + " has a line that is not {\"id\":..,\"schema\":..}; "
                        + "restore it or delete OPTGATE_DATA_DIR to start from scratch", e);
            }
        }
        return entries;
    }

    private static void write(final Path file, final Map<Integer, String> entries) {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            final List<String> lines = new ArrayList<>(entries.size());
            for (final Map.Entry<Integer, String> e : entries.entrySet()) {
                lines.add(JSON.writeValueAsString(Map.of("id", e.getKey(), "schema", e.getValue())));
            }
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (final String line : lines) {
                    w.write(line);
                    w.newLine();
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
