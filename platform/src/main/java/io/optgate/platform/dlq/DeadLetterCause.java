package io.optgate.platform.dlq;

import io.optgate.platform.serde.SchemaRegistryException;
import io.optgate.platform.serde.UnreadableRecordException;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Why a record goes to its dead-letter topic: the {@code optgate.dlq.reason} and
 * {@code optgate.dlq.detail} headers.
 *
 * @param reason an {@link UnreadableRecordException.Reason} name, or {@link #DESERIALIZATION_FAILED}
 * @param detail a description safe to store and log: never the record's contents
 */
public record DeadLetterCause(String reason, String detail) {

    /** Reason for a failure of a deserializer other than optgate's Avro serde. */
    public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";

    private static final int MAX_DETAIL = 1000;
    private static final int MAX_CAUSES = 16;

    /** Checks both parts are present and caps the detail at 1000 characters. */
    public DeadLetterCause {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "...";
        }
    }

    /**
     * Classifies a failure to read a record, looking through its causes.
     *
     * <ul>
     *   <li>{@link UnreadableRecordException}: the bytes are bad; dead-letter with its reason and message.</li>
     *   <li>A registry failure ({@link SchemaRegistryException}, or the retriable
     *       {@link io.optgate.platform.serde.SchemaRegistryUnavailableException}), any other
     *       {@link RetriableException}, or an interruption: the record may be fine; empty, so the caller
     *       fails or retries instead of dead-lettering a good record.</li>
     *   <li>Anything else (another deserializer's error): dead-letter as {@link #DESERIALIZATION_FAILED},
     *       naming only the exception classes, since foreign messages may quote the data.</li>
     * </ul>
     *
     * @return the cause to record, or empty when the record must not be dead-lettered
     */
    public static Optional<DeadLetterCause> of(final Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (current instanceof UnreadableRecordException unreadable) {
                return Optional.of(new DeadLetterCause(unreadable.reason().name(), unreadable.getMessage()));
            }
            if (current instanceof SchemaRegistryException || current instanceof RetriableException
                || current instanceof InterruptException || current instanceof InterruptedException) {
                return Optional.empty();
            }
            current = current.getCause();
        }
        return Optional.of(new DeadLetterCause(DESERIALIZATION_FAILED, classChain(failure)));
    }

    private static String classChain(final Throwable failure) {
        final StringBuilder chain = new StringBuilder("deserializer failed: ");
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (depth > 0) {
                chain.append(" caused by ");
            }
            chain.append(current.getClass().getName());
            current = current.getCause();
        }
        return chain.toString();
    }
}
