package io.optgate.platform.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The answers Jetty itself gives before a route is reached (a malformed or oversized head, a body
 * over the limit, a request during shutdown, a failure outside a handler) in the API's shape,
 * {@code {"error","message"}}, with a fixed message per status so nothing internal leaks.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final JsonCodec json;
    private final int maxBodyBytes;

    JsonErrorHandler(final JsonCodec json, final int maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Every method gets a body, not only Jetty's default GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(final String method) {
        return true;
    }

    @Override
    protected void generateResponse(final Request request, final Response response, final int code,
                                    final String message, final Throwable cause, final Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
        if (code == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(final int status, final String reason, final HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(final int status) {
        return json.write(switch (status) {
            case 400 -> new ErrorBody("BAD_REQUEST", "the request is not valid HTTP");
            case 404 -> new ErrorBody("NOT_FOUND", "no such resource");
            case 408 -> new ErrorBody("REQUEST_TIMEOUT", "the request did not arrive in time");
            case 413 -> new ErrorBody("PAYLOAD_TOO_LARGE", "the request body is larger than " + maxBodyBytes + " bytes");
            case 414 -> new ErrorBody("URI_TOO_LONG", "the request line is longer than "
                    + ServerLimits.MAX_HEAD_BYTES + " bytes");
            case 431 -> new ErrorBody("HEADERS_TOO_LARGE", "the request head is larger than "
                    + ServerLimits.MAX_HEAD_BYTES + " bytes");
            case 503 -> new ErrorBody("SHUTTING_DOWN", "the server is shutting down or overloaded; try again");
            default -> status >= 500
                    ? new ErrorBody("INTERNAL_ERROR", "unexpected error")
                    : new ErrorBody("HTTP_" + status, "the request was refused");
        });
    }
}
