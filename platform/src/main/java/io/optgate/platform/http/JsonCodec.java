package io.optgate.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads request bodies and writes answers with one mapper, turning Jackson's failures into
 * {@link ApiException}s whose messages name the field but never Java classes.
 */
final class JsonCodec {

    private final ObjectMapper mapper;

    JsonCodec(final ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> T read(final byte[] body, final Class<T> type) {
        return read(body, mapper.constructType(type));
    }

    <T> T read(final byte[] body, final TypeReference<T> type) {
        return read(body, mapper.getTypeFactory().constructType(type));
    }

    byte[] write(final Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    private <T> T read(final byte[] body, final JavaType type) {
        if (body.length == 0) {
            throw malformed("the request body is empty; JSON expected");
        }
        try {
            return mapper.readValue(body, type);
        } catch (final StreamReadException e) {
            throw malformed("the request body is not valid JSON");
        } catch (final DatabindException e) {
            throw invalid(e);
        } catch (final IOException e) {
            throw malformed("the request body could not be read as JSON");
        }
    }

    private static ApiException invalid(final DatabindException e) {
        final ApiException fromConstructor = apiExceptionCause(e);
        if (fromConstructor != null) {
            return fromConstructor;
        }
        final String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        final String where = field.isEmpty() ? "the request body" : "field '" + field + "'";
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            final String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
            return ApiException.unprocessable("INVALID_REQUEST", where + " must be one of " + allowed);
        }
        if (e instanceof MismatchedInputException) {
            return ApiException.unprocessable("INVALID_REQUEST", where + " has the wrong type or is missing");
        }
        return ApiException.unprocessable("INVALID_REQUEST", where + " is invalid");
    }

    /** A request record's constructor may throw an ApiException to refuse a value; Jackson wraps it. */
    private static ApiException apiExceptionCause(final Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof ApiException api) {
                return api;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static String fieldPath(final JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static ApiException malformed(final String message) {
        return ApiException.badRequest("MALFORMED_JSON", message);
    }
}
