package io.optgate.dispatcher.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The StatusCallback URL given to Twilio with every message:
 * {@code <OPTGATE_PUBLIC_URL>/twilio/status?tenantId=..&clientId=..&requestId=..&attempt=..}.
 * Twilio calls it back unchanged and signs it, query included, so the ids in it are as trustworthy
 * as the signature: the callback maps back to the request without any lookup.
 */
public final class StatusCallbackUrl {

    /** The webhook path Twilio calls with status updates. */
    public static final String PATH = "/twilio/status";

    private StatusCallbackUrl() {
    }

    /**
     * The callback URL for one hand-over attempt.
     *
     * @param publicUrl the URL Twilio reaches this service at (no trailing slash needed)
     */
    public static URI build(final String publicUrl, final String tenantId, final String clientId,
                            final String requestId, final int attempt) {
        return URI.create(trimSlash(publicUrl) + PATH
                + "?tenantId=" + encode(tenantId)
                + "&clientId=" + encode(clientId)
                + "&requestId=" + encode(requestId)
                + "&attempt=" + attempt);
    }

    /**
     * The ids a callback's query carries; empty when one of them is missing.
     *
     * @param params the decoded query parameters
     */
    public static Optional<Ids> parse(final Map<String, String> params) {
        final String tenantId = params.get("tenantId");
        final String clientId = params.get("clientId");
        final String requestId = params.get("requestId");
        if (isBlank(tenantId) || isBlank(clientId) || isBlank(requestId)) {
            return Optional.empty();
        }
        OptionalInt attempt = OptionalInt.empty();
        try {
            final String raw = params.get("attempt");
            if (raw != null) {
                attempt = OptionalInt.of(Integer.parseInt(raw));
            }
        } catch (final NumberFormatException e) {
            attempt = OptionalInt.empty();
        }
        return Optional.of(new Ids(tenantId, clientId, requestId, attempt));
    }

    static String trimSlash(final String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isBlank(final String s) {
        return s == null || s.isBlank();
    }

    /**
     * The ids a status callback belongs to.
     *
     * @param attempt the hand-over attempt the callback is about, when the URL carried it
     */
    public record Ids(String tenantId, String clientId, String requestId, OptionalInt attempt) {
    }
}
