package io.optgate.platform.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A Schema Registry inside the JVM, for {@code mock://<scope>} URLs (local mode and tests).
 *
 * <p>It assigns ids as Confluent's registry does: one counter per registry starting at 1, and a schema
 * already known under another subject keeps its id. Like the real registry's default (BACKWARD), a new
 * version must be able to read the subject's latest version; otherwise registration fails with 409.
 */
final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /*
     * The one piece of static mutable state in optgate, and deliberately so: a mock:// URL names a
     * registry, and every client configured with the same URL anywhere in this JVM (a producer built
     * from class names in its config, the streams app, a test's consumer) must see the same schemas and
     * ids, exactly as they would with a real registry at one http:// URL. Scopes keep tests apart.
     */
    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> idsByCanonicalSchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private int nextId = 1;

    private InMemorySchemaRegistry(final String scope) {
        this.scope = scope;
    }

    /** The registry of {@code scope}, created on first use. */
    static InMemorySchemaRegistry forScope(final String scope) {
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    /** Forgets {@code scope}; the next {@link #forScope} starts empty with ids from 1 again. */
    static void dropScope(final String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final String canonical = schema.toString();
        final List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        final Integer known = idsByCanonicalSchema.get(canonical);
        if (known != null && versions.stream().anyMatch(v -> v.toString().equals(canonical))) {
            return known;
        }
        if (!versions.isEmpty()) {
            final Schema latest = versions.get(versions.size() - 1);
            final SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
            if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistrationException(
                    "Schema being registered under subject '" + subject + "' is incompatible with its latest version "
                        + "(BACKWARD, mock://" + scope + "): " + compatibility.getDescription(),
                    409, SchemaRegistrationException.INCOMPATIBLE_SCHEMA);
            }
        }
        final int id = known != null ? known : nextId++;
        idsByCanonicalSchema.put(canonical, id);
        schemasById.put(id, schema);
        versions.add(schema);
        return id;
    }

    @Override
    public synchronized Schema schemaById(final int id) {
        final Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema " + id + " not found (mock://" + scope + ")",
                404, SchemaNotFoundException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public String toString() {
        return "mock://" + scope;
    }
}
