package io.optgate.platform.serde;

/**
 * Configuration keys the serde reads when Kafka builds it from a class name
 * ({@code value.deserializer}, {@code default.value.serde}, ...) and calls {@code configure}.
 * The first two are the names Confluent's serializers use, so existing client configs work unchanged.
 */
public final class AvroSerdeConfig {

    /**
     * Required. {@code http(s)://host:port} of a Confluent-compatible Schema Registry (a comma-separated
     * list is tried in turn), or {@code mock://<scope>} for the in-process registry of that scope.
     * User info in the URL ({@code https://user:secret@host}) is sent as basic auth.
     */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Optional {@code user:password} for basic auth; wins over user info in the URL. Default: none. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /**
     * Optional fully qualified name of the generated Avro class keys are read into. Default: the class
     * generated for the writer schema's full name (like Confluent's {@code specific.avro.reader=true}).
     */
    public static final String KEY_TYPE = "optgate.avro.key.type";

    /** Like {@link #KEY_TYPE}, for values. */
    public static final String VALUE_TYPE = "optgate.avro.value.type";

    private AvroSerdeConfig() {
    }
}
