package io.optgate.local.broker;

/** The embedded broker could not start; the message says why and what to do, for a person. */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with a message meant for the terminal. */
    public BrokerStartException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
