package io.optgate.platform.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** A registry that hands out one fixed id and remembers which subjects were registered. */
final class StubRegistry implements SchemaRegistryClient {

    private final int id;
    private final Map<Integer, Schema> schemas = new HashMap<>();
    final List<String> registeredSubjects = new ArrayList<>();

    StubRegistry(final int id) {
        this.id = id;
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        registeredSubjects.add(subject);
        schemas.put(id, schema);
        return id;
    }

    @Override
    public synchronized Schema schemaById(final int requested) {
        final Schema schema = schemas.get(requested);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema " + requested + " not found", 404, SchemaNotFoundException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }
}
