package io.optgate.bench.apps;

import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.serde.SchemaRegistryClients;
import org.apache.avro.Schema;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Schema Registry client the benchmark's serdes use. The apps in production talk to a real
 * registry through {@code SchemaRegistryClients.forUrl("http://...")}, which caches every answer,
 * so after the first record a serializer never reaches the registry. There is no registry server
 * here, so {@link #CACHED} puts the same kind of cache in front of the in-process registry and
 * measures that production path; {@link #MOCK} uses the in-process registry as
 * {@code SchemaRegistryClients.forUrl("mock://...")} returns it (local mode and tests), uncached.
 */
public enum Registries {

    /** The in-process registry behind a cache, as the http(s) client is: the production path. Default. */
    CACHED,
    /** The in-process registry exactly as {@code mock://} gives it (local mode). */
    MOCK;

    /** {@code cached} or {@code mock}. */
    public static Registries parse(final String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** A client of the in-process registry {@code mock://<scope>}, cached or not. */
    public SchemaRegistryClient client(final String scope) {
        final SchemaRegistryClient registry = SchemaRegistryClients.forUrl("mock://" + scope);
        return this == MOCK ? registry : new Cached(registry);
    }

    /** The lower-case name, for the report. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Remembers ids by (subject, schema) and schemas by id, as the platform's http client does. */
    private static final class Cached implements SchemaRegistryClient {

        private record Registration(String subject, Schema schema) {
        }

        private final SchemaRegistryClient delegate;
        private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
        private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

        Cached(final SchemaRegistryClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            return ids.computeIfAbsent(new Registration(subject, schema), registration -> delegate.register(subject, schema));
        }

        @Override
        public Schema schemaById(final int id) {
            return schemas.computeIfAbsent(id, delegate::schemaById);
        }
    }
}
