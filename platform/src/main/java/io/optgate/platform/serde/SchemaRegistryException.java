package io.optgate.platform.serde;

import org.apache.kafka.common.KafkaException;

/**
 * The Schema Registry answered, and the answer was an error that retrying will not fix
 * (for example 401, 403, or a 4xx the serde does not expect).
 *
 * <p>Carries the HTTP status and Schema Registry's {@code error_code} ({@link #NO_ERROR_CODE} when the
 * answer had none) so that callers and logs can tell the cases apart.
 */
public class SchemaRegistryException extends KafkaException {

    /** Value of {@link #errorCode()} when the registry's answer carried no {@code error_code}. */
    public static final int NO_ERROR_CODE = -1;

    private final int httpStatus;
    private final int errorCode;

    /**
     * @param message what was attempted and what the registry said; never record contents
     * @param httpStatus the HTTP status of the answer
     * @param errorCode Schema Registry's {@code error_code}, or {@link #NO_ERROR_CODE}
     */
    public SchemaRegistryException(final String message, final int httpStatus, final int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Schema Registry's {@code error_code} (e.g. 40403), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }
}
