package io.optgate.platform.http;

/** The JSON body of every error answer: {@code {"error": "<CODE>", "message": "..."}}. */
public record ErrorBody(String error, String message) {
}
