package io.optgate.platform.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent Schema Registry wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary), registering the record's schema under {@code <topic>-key} or
 * {@code <topic>-value} on first use. {@code null} is written as {@code null} (a tombstone).
 *
 * <p>Build it with {@link AvroSerdes}, or let Kafka build it by class name: the no-argument constructor
 * plus {@link #configure} reads {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL}.
 *
 * @param <T> the generated Avro class written
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final ConcurrentMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean isKey;

    /** For Kafka's configure-by-class-name path; {@link #configure} must be called before use. */
    public AvroSerializer() {
        GeneratedClassTrust.ensureInstalled();
    }

    /**
     * A ready serializer.
     *
     * @param registry where schemas are registered
     * @param isKey {@code true} to use subjects {@code <topic>-key}, {@code false} for {@code <topic>-value}
     */
    public AvroSerializer(final SchemaRegistryClient registry, final boolean isKey) {
        GeneratedClassTrust.ensureInstalled();
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
    }

    /**
     * Sets key or value subjects, and builds the registry client from
     * {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} unless one was passed to the constructor.
     */
    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        configure(registry != null ? registry : SchemaRegistryClients.forConfig(configs), isKey);
    }

    void configure(final SchemaRegistryClient registry, final boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
    }

    /**
     * @throws SchemaRegistrationException when the registry refuses the record's schema
     * @throws SchemaRegistryUnavailableException when the registry cannot be reached (retriable)
     * @throws SerializationException when the record cannot be encoded (for example a required field is null)
     */
    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() with "
                + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or build it with AvroSerdes");
        }
        final Schema schema = data.getSchema();
        final int id = registry.register(WireFormat.subject(topic, isKey), schema);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, id);
        out.writeBytes(header);
        try {
            final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(schema, data).write(data, encoder);
            encoder.flush();
        } catch (final IOException | RuntimeException e) {
            // The cause is kept for its type and stack; Avro's messages name fields and types, not values.
            throw new SerializationException("cannot encode a " + schema.getFullName() + " for topic " + topic
                + " (" + (isKey ? "key" : "value") + ", schema id " + id + "): " + e.getClass().getSimpleName(), e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writerFor(final Schema schema, final T data) {
        return writers.computeIfAbsent(schema,
            s -> new SpecificDatumWriter<>(s, SpecificData.getForClass((Class<T>) data.getClass())));
    }
}
