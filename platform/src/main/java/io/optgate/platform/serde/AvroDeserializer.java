package io.optgate.platform.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent Schema Registry wire format into Avro specific records. The writer's schema is
 * fetched by the id in the header (once per id) and resolved against the reader's, so records written
 * with an older or newer compatible schema read fine. {@code null} reads as {@code null} (a tombstone).
 *
 * <p>Bytes that cannot be read raise {@link UnreadableRecordException} with a
 * {@link UnreadableRecordException.Reason}; a registry that cannot be reached raises
 * {@link SchemaRegistryUnavailableException}, which is retriable and never a reason to dead-letter.
 *
 * <p>Build it with {@link AvroSerdes}, or let Kafka build it by class name: the no-argument constructor
 * plus {@link #configure} reads {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} and, optionally,
 * {@link AvroSerdeConfig#VALUE_TYPE} / {@link AvroSerdeConfig#KEY_TYPE}.
 *
 * @param <T> the generated Avro class read into
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private Class<T> type;
    private boolean isKey;

    /** For Kafka's configure-by-class-name path; {@link #configure} must be called before use. */
    public AvroDeserializer() {
        GeneratedClassTrust.ensureInstalled();
    }

    /**
     * A ready deserializer.
     *
     * @param registry where writer schemas are fetched
     * @param type the generated class to read into; {@code null} to use the class generated for the
     *             writer schema's full name
     * @param isKey whether it reads keys (only used in messages)
     */
    public AvroDeserializer(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey) {
        GeneratedClassTrust.ensureInstalled();
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = type;
        this.isKey = isKey;
    }

    /**
     * Builds the registry client from {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} unless one was passed
     * to the constructor, and the reader class from {@link AvroSerdeConfig#KEY_TYPE} or
     * {@link AvroSerdeConfig#VALUE_TYPE} unless one was passed.
     */
    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        configure(registry != null ? registry : SchemaRegistryClients.forConfig(configs),
            type != null ? type : AvroDeserializer.<T>configuredType(configs, isKey), isKey);
    }

    void configure(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey) {
        this.registry = registry;
        this.type = type;
        this.isKey = isKey;
        readers.clear();
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() with "
                + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or build it with AvroSerdes");
        }
        if (!WireFormat.hasHeader(data)) {
            throw new UnreadableRecordException(UnreadableRecordException.Reason.NOT_WIRE_FORMAT,
                where(topic) + " is not in the Schema Registry wire format: " + data.length + " bytes, "
                    + (data.length < WireFormat.HEADER_SIZE ? "shorter than the 5-byte header" : "first byte is not the magic byte 0"),
                null);
        }
        final int id = WireFormat.schemaId(data);
        final DatumReader<T> reader = readerFor(topic, id);
        final BinaryDecoder decoder = DecoderFactory.get()
            .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        final T record;
        try {
            record = reader.read(null, decoder);
        } catch (final AvroTypeException e) {
            // Raised while resolving the writer's schema to the reader's (e.g. a union branch the reader
            // lacks); Avro's text names schemas and fields only.
            throw new UnreadableRecordException(UnreadableRecordException.Reason.INCOMPATIBLE_SCHEMA,
                where(topic) + " with schema " + id + " cannot be read as " + readerName() + ": " + e.getMessage(), e);
        } catch (final IOException | RuntimeException e) {
            throw corrupt(topic, id, data.length, e.getClass().getSimpleName(), e);
        } catch (final StackOverflowError e) {
            // A recursive writer schema lets a few KB nest deeper than the stack. The stack is unwound
            // by now, so this is safe to catch; left alone, the Error kills the thread on every retry.
            throw corrupt(topic, id, data.length, "nested too deeply", null);
        }
        final boolean complete;
        try {
            complete = decoder.isEnd();
        } catch (final IOException e) {
            throw corrupt(topic, id, data.length, e.getClass().getSimpleName(), e);
        }
        if (!complete) {
            throw corrupt(topic, id, data.length, "bytes left over after the record", null);
        }
        return record;
    }

    private DatumReader<T> readerFor(final String topic, final int id) {
        final DatumReader<T> cached = readers.get(id);
        if (cached != null) {
            return cached;
        }
        final Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (final SchemaNotFoundException e) {
            throw new UnreadableRecordException(UnreadableRecordException.Reason.UNKNOWN_SCHEMA_ID,
                where(topic) + " names schema id " + id + ", which the registry does not know", e);
        } catch (final UnsupportedSchemaException e) {
            throw new UnreadableRecordException(UnreadableRecordException.Reason.INCOMPATIBLE_SCHEMA,
                where(topic) + " was written with an unusable schema: " + e.getMessage(), e);
        }
        final Class<T> readerType = type != null ? type : generatedClassOf(topic, id, writer);
        final SpecificData model = SpecificData.getForClass(readerType);
        final DatumReader<T> reader = new SpecificDatumReader<>(writer, model.getSchema(readerType), model);
        final DatumReader<T> raced = readers.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }

    @SuppressWarnings("unchecked")
    private Class<T> generatedClassOf(final String topic, final int id, final Schema writer) {
        final Class<?> generated = loadGenerated(writer);
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            throw new UnreadableRecordException(UnreadableRecordException.Reason.INCOMPATIBLE_SCHEMA,
                where(topic) + " was written with schema " + id + " (" + writer.getFullName()
                    + "), for which no generated Avro class is on the classpath", null);
        }
        return (Class<T>) generated;
    }

    /** The class generated for {@code writer}'s full name, or {@code null} when there is none Avro may load. */
    private static Class<?> loadGenerated(final Schema writer) {
        try {
            return SpecificData.get().getClass(writer);
        } catch (final SecurityException e) {
            return null;
        }
    }

    private UnreadableRecordException corrupt(final String topic, final int id, final int size, final String what,
                                              final Throwable cause) {
        return new UnreadableRecordException(UnreadableRecordException.Reason.CORRUPT_PAYLOAD,
            where(topic) + " with schema " + id + " has a corrupt Avro body (" + size + " bytes): " + what, cause);
    }

    private String where(final String topic) {
        return "record " + (isKey ? "key" : "value") + " on topic " + topic;
    }

    private String readerName() {
        return type != null ? type.getName() : "its generated class";
    }

    /** The reader class named by {@link AvroSerdeConfig#KEY_TYPE} / {@link AvroSerdeConfig#VALUE_TYPE}, or {@code null}. */
    static <T> Class<T> configuredType(final Map<String, ?> configs, final boolean isKey) {
        final String key = isKey ? AvroSerdeConfig.KEY_TYPE : AvroSerdeConfig.VALUE_TYPE;
        final Object value = configs.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Class<?> cls) {
            return checkedType(key, cls);
        }
        try {
            return checkedType(key, Class.forName(value.toString().trim(), true, contextClassLoader()));
        } catch (final ClassNotFoundException e) {
            throw new ConfigException(key, value, "no such class");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> checkedType(final String key, final Class<?> cls) {
        if (!SpecificRecord.class.isAssignableFrom(cls)) {
            throw new ConfigException(key, cls.getName(), "not a generated Avro class (SpecificRecord)");
        }
        return (Class<T>) cls;
    }

    private static ClassLoader contextClassLoader() {
        final ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : AvroDeserializer.class.getClassLoader();
    }
}
