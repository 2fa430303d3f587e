package io.optgate.dispatcher.twilio;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook request as Twilio sent it, independent of the HTTP server: the path and query it
 * called exactly as received (part of what Twilio signs), the decoded query, the
 * {@code X-Twilio-Signature} header and the decoded form body.
 *
 * @param pathAndQuery the path and query as received, still encoded, e.g. {@code /twilio/status?requestId=r-1}
 * @param query        the decoded query parameters
 * @param signature    the X-Twilio-Signature header, if sent
 * @param form         the decoded form fields
 */
public record WebhookCall(String pathAndQuery, Map<String, String> query, Optional<String> signature,
                          Map<String, String> form) {

    /** Fails fast on missing parts; copies the maps. */
    public WebhookCall {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        Objects.requireNonNull(signature, "signature");
        query = Map.copyOf(query);
        form = Map.copyOf(form);
    }

    /** The URL Twilio called, as it signed it: the public URL followed by the path and query. */
    String signedUrl(final String publicUrl) {
        return StatusCallbackUrl.trimSlash(publicUrl) + pathAndQuery;
    }

    /** A form field, empty when absent or blank. */
    Optional<String> field(final String name) {
        return Optional.ofNullable(form.get(name)).filter(v -> !v.isBlank());
    }
}
