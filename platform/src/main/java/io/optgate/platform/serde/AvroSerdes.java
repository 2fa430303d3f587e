package io.optgate.platform.serde;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes Avro serdes in the Confluent Schema Registry wire format that share one registry client (and
 * so one cache). Values use subject {@code <topic>-value}, keys {@code <topic>-key}; schemas are
 * registered automatically on first write.
 *
 * <pre>{@code
 * AvroSerdes serdes = new AvroSerdes(SchemaRegistryClients.forUrl(System.getenv("SCHEMA_REGISTRY_URL")));
 * Serde<ConsentEvent> events = serdes.value(ConsentEvent.class);
 * }</pre>
 */
public final class AvroSerdes {

    private final SchemaRegistryClient registry;

    /**
     * @param registry the Schema Registry every serde made here uses
     */
    public AvroSerdes(final SchemaRegistryClient registry) {
        GeneratedClassTrust.ensureInstalled();
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Shorthand for {@code new AvroSerdes(SchemaRegistryClients.forUrl(url))}. */
    public static AvroSerdes forUrl(final String url) {
        return new AvroSerdes(SchemaRegistryClients.forUrl(url));
    }

    /** A serde for record values of {@code type} (subject {@code <topic>-value}). */
    public <T extends SpecificRecord> Serde<T> value(final Class<T> type) {
        return new AvroSerde<>(registry, Objects.requireNonNull(type, "type"), false);
    }

    /** A serde for record keys of {@code type} (subject {@code <topic>-key}). */
    public <T extends SpecificRecord> Serde<T> key(final Class<T> type) {
        return new AvroSerde<>(registry, Objects.requireNonNull(type, "type"), true);
    }

    /** The registry client shared by the serdes made here. */
    public SchemaRegistryClient registry() {
        return registry;
    }
}
