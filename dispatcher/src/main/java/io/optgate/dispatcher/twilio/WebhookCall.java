package io.optgate.dispatcher.twilio;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook request as Twilio sent it, independent of the HTTP server: the path and raw query it
 * called (both part of what Twilio signs), the {@code X-Twilio-Signature} header and the decoded
 * form body.
 *
 * @param path      the request path, e.g. {@code /twilio/status}
 * @param rawQuery  the query string as received (still encoded), or {@code null}
 * @param signature the X-Twilio-Signature header, if sent
 * @param form      the form fields (for a repeated field, the last value)
 */
public record WebhookCall(String path, String rawQuery, Optional<String> signature, Map<String, String> form) {

    /** Fails fast on missing parts; copies the form. */
    public WebhookCall {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(signature, "signature");
        form = Map.copyOf(form);
    }

    /** The URL Twilio called, as it signed it: the public URL, the path and the query. */
    String signedUrl(final String publicUrl) {
        return StatusCallbackUrl.trimSlash(publicUrl) + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    /** A form field, empty when absent or blank. */
    Optional<String> field(final String name) {
        return Optional.ofNullable(form.get(name)).filter(v -> !v.isBlank());
    }
}
