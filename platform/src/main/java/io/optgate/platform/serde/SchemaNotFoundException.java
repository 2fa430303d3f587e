package io.optgate.platform.serde;

/**
 * The registry does not know the schema id or subject asked for (HTTP 404 with error code 40403
 * "schema not found" or 40401 "subject not found").
 */
public class SchemaNotFoundException extends SchemaRegistryException {

    /** Schema Registry's error code for an unknown subject. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Schema Registry's error code for an unknown schema (id). */
    public static final int SCHEMA_NOT_FOUND = 40403;

    /**
     * @param message what was looked up
     * @param httpStatus the HTTP status of the answer (404 from a real registry)
     * @param errorCode {@link #SCHEMA_NOT_FOUND}, {@link #SUBJECT_NOT_FOUND} or another 404xx code
     */
    public SchemaNotFoundException(final String message, final int httpStatus, final int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
