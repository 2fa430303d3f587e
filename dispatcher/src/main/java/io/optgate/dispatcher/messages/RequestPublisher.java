package io.optgate.dispatcher.messages;

import io.optgate.schema.MessageRequest;

/** Publishes a message request to {@code message.requests}, under its client key. */
@FunctionalInterface
public interface RequestPublisher {

    /**
     * Returns once the request is durably written.
     *
     * @throws PublishFailedException when it could not be written in time
     */
    void publish(String clientKey, MessageRequest request);

    /** The request was not (or not provably) written; the caller may retry with the same requestId. */
    final class PublishFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PublishFailedException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
