package io.optgate.dispatcher.twilio;

import java.util.Objects;

/**
 * What a webhook answers Twilio: a status, a content type and a body (TwiML for inbound texts).
 *
 * @param status      the HTTP status
 * @param contentType the body's content type, {@code null} without a body
 * @param body        the body, empty for none
 */
public record WebhookAnswer(int status, String contentType, String body) {

    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    /** Fails fast on a missing body. */
    public WebhookAnswer {
        Objects.requireNonNull(body, "body");
    }

    /** 403, nothing written: the signature is missing or wrong, or no auth token is configured. */
    public static WebhookAnswer forbidden() {
        return new WebhookAnswer(403, "text/plain; charset=utf-8", "invalid or missing X-Twilio-Signature");
    }

    /** 204: the callback was taken. */
    public static WebhookAnswer noContent() {
        return new WebhookAnswer(204, null, "");
    }

    /** 400: a signed request that lacks what every such request carries. */
    public static WebhookAnswer badRequest(final String why) {
        return new WebhookAnswer(400, "text/plain; charset=utf-8", why);
    }

    /** 503: it could not be recorded now; Twilio may try again. */
    public static WebhookAnswer unavailable() {
        return new WebhookAnswer(503, "text/plain; charset=utf-8", "could not record the webhook, try again");
    }

    /** An empty TwiML answer: Twilio sends no reply. */
    public static WebhookAnswer emptyTwiml() {
        return new WebhookAnswer(200, "text/xml; charset=utf-8", XML_DECLARATION + "<Response/>");
    }

    /** A TwiML answer replying with one text. */
    public static WebhookAnswer reply(final String text) {
        return new WebhookAnswer(200, "text/xml; charset=utf-8",
                XML_DECLARATION + "<Response><Message>" + escapeXml(text) + "</Message></Response>");
    }

    static String escapeXml(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
