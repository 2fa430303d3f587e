package io.optgate.platform.runner;

/**
 * An app's topics exist in a shape it cannot use (partition counts, cleanup policy): nothing to
 * retry until an operator acts, so a {@code main} exits 2, as for bad configuration.
 */
public final class TopicsNotUsableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TopicsNotUsableException(final String app, final RuntimeException cause) {
        super(app + ": topics are not usable: " + cause.getMessage(), cause);
    }
}
