package io.optgate.platform.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * These bytes cannot be read as the expected Avro record, and retrying will not change that. Apps
 * route such records to {@code <topic>.dlq} with {@link #reason()} and {@link #getMessage()} in headers,
 * then go on with the next record.
 *
 * <p>The message is safe to log and to put in headers: it names the topic, the schema id and sizes,
 * never the record's contents.
 */
public class UnreadableRecordException extends SerializationException {

    /** Why a record is unreadable. */
    public enum Reason {
        /** Shorter than the 5-byte header, or byte 0 is not the magic byte 0. */
        NOT_WIRE_FORMAT,
        /** The schema id in the header is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** The writer's schema cannot be resolved to the reader's (or is not a usable Avro schema). */
        INCOMPATIBLE_SCHEMA,
        /** The header is fine but the Avro binary after it is truncated, malformed or too long. */
        CORRUPT_PAYLOAD
    }

    private final Reason reason;

    /**
     * @param reason why the record is unreadable
     * @param message a safe description (topic, schema id, sizes; never contents)
     * @param cause the underlying failure, or {@code null}
     */
    public UnreadableRecordException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the record is unreadable. */
    public Reason reason() {
        return reason;
    }
}
