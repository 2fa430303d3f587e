package io.optgate.platform.serde;

/**
 * The registry returned a schema for an id, but it is not one this serde can use: a Protobuf or
 * JSON Schema, or Avro that does not parse on its own (for example one that uses schema references).
 * Records written with it are unreadable here.
 */
public class UnsupportedSchemaException extends SchemaRegistryException {

    /**
     * @param message the id and why its schema cannot be used
     */
    public UnsupportedSchemaException(final String message) {
        super(message, 200, NO_ERROR_CODE);
    }
}
