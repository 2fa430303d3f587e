package io.optgate.platform.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link AvroSerializer} and {@link AvroDeserializer} as one {@link Serde}. Usually built by
 * {@link AvroSerdes}; the no-argument constructor serves Kafka's configure-by-class-name path
 * ({@code default.value.serde}), reading {@link AvroSerdeConfig} keys.
 *
 * @param <T> the generated Avro class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private final boolean preconfigured;

    /** For Kafka's configure-by-class-name path; {@link #configure} must be called before use. */
    public AvroSerde() {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>();
        this.preconfigured = false;
    }

    /**
     * A ready serde.
     *
     * @param registry the Schema Registry
     * @param type the generated class read into ({@code null}: the class generated for the writer's schema)
     * @param isKey {@code true} for key subjects ({@code <topic>-key})
     */
    public AvroSerde(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey) {
        this.serializer = new AvroSerializer<>(registry, isKey);
        this.deserializer = new AvroDeserializer<>(registry, type, isKey);
        this.preconfigured = true;
    }

    /**
     * For a serde built with the no-argument constructor: one registry client from
     * {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL}, shared by both halves. A serde built ready keeps its
     * registry and reader class and only takes {@code isKey}.
     */
    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (preconfigured) {
            serializer.configure(configs, isKey);
            deserializer.configure(configs, isKey);
            return;
        }
        final SchemaRegistryClient registry = SchemaRegistryClients.forConfig(configs);
        serializer.configure(registry, isKey);
        deserializer.configure(registry, AvroDeserializer.<T>configuredType(configs, isKey), isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
