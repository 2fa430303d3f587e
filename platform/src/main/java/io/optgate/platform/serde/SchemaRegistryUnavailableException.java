package io.optgate.platform.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The Schema Registry could not be reached, or kept answering 5xx, for every bounded retry. The record
 * itself may be fine: callers retry later (a streams app fails the task and its thread is replaced)
 * and never dead-letter the record for this.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

    /**
     * @param message what was attempted, how often, and the last failure seen
     * @param cause the last I/O failure, or {@code null} when the registry answered 5xx
     */
    public SchemaRegistryUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
