package io.optgate.platform.http;

/**
 * Answers one request. Throw {@link ApiException} for answers with a meaning for the caller; any
 * other exception becomes a 500 that shows the caller nothing but an incident id (the details go
 * to the log).
 */
@FunctionalInterface
public interface Handler {

    /** The answer to {@code request}. */
    Response handle(Request request) throws Exception;
}
