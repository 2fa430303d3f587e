package io.optgate.platform.serde;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * Remembers every successful answer of another client, so a running app asks the registry once per
 * (subject, schema) and once per id. Failures are not remembered: the next call asks again.
 * Unbounded on purpose: an app uses a handful of schemas, and only ids the registry knows are kept.
 */
final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private record Registration(String subject, Schema schema) {
    }

    private final SchemaRegistryClient delegate;
    private final ConcurrentMap<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemas = new ConcurrentHashMap<>();

    CachingSchemaRegistryClient(final SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final Registration registration = new Registration(subject, schema);
        final Integer cached = ids.get(registration);
        if (cached != null) {
            return cached;
        }
        // Not computeIfAbsent: that would hold a map lock during an HTTP call with retries.
        final int id = delegate.register(subject, schema);
        ids.putIfAbsent(registration, id);
        schemas.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(final int id) {
        final Schema cached = schemas.get(id);
        if (cached != null) {
            return cached;
        }
        final Schema schema = delegate.schemaById(id);
        final Schema raced = schemas.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
