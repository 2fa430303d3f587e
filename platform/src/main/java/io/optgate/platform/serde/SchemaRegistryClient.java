package io.optgate.platform.serde;

import org.apache.avro.Schema;

/**
 * The two Schema Registry operations the serde needs.
 *
 * <p>Implementations are thread-safe. Obtain one from {@link SchemaRegistryClients#forUrl(String)}:
 * {@code http(s)://} URLs give a cached REST client, {@code mock://<scope>} an in-process registry.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (or finds it when it is already registered there)
     * and returns its global id.
     *
     * @throws SchemaRegistrationException when the registry refuses the schema (incompatible, invalid)
     * @throws SchemaRegistryUnavailableException when the registry cannot be reached or keeps failing
     * @throws SchemaRegistryException for any other answer the registry gives (for example 401 or 403)
     */
    int register(String subject, Schema schema);

    /**
     * Returns the schema registered with global id {@code id}.
     *
     * @throws SchemaNotFoundException when no schema has that id
     * @throws UnsupportedSchemaException when the id names a schema that is not a parseable Avro schema
     * @throws SchemaRegistryUnavailableException when the registry cannot be reached or keeps failing
     * @throws SchemaRegistryException for any other answer the registry gives
     */
    Schema schemaById(int id);
}
