package io.optgate.platform.serde;

/**
 * The registry refused to register a schema: it is not compatible with the subject's earlier versions
 * (HTTP 409), or it is invalid (HTTP 422, error code 42201). Not retriable: the writer's schema or the
 * subject's compatibility setting has to change.
 */
public class SchemaRegistrationException extends SchemaRegistryException {

    /** Schema Registry's error code for an invalid schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** HTTP status (and, from most registries, error code) for an incompatible schema. */
    public static final int INCOMPATIBLE_SCHEMA = 409;

    /**
     * @param message the subject, and what the registry said
     * @param httpStatus 409 or 422 from a real registry
     * @param errorCode Schema Registry's error code, or {@link #NO_ERROR_CODE}
     */
    public SchemaRegistrationException(final String message, final int httpStatus, final int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
