package io.optgate.platform.http;

/**
 * Who may call a route. With authentication off ({@code OPTGATE_API_KEYS} unset, loopback only)
 * every route is open; with it on, every route but {@link #PUBLIC} ones needs a key: missing or
 * unknown key 401, a key that is not enough 403.
 */
public enum Access {
    /** A key for the practice named by the route's {@code {t}} path parameter, or a support key. */
    TENANT,
    /** A support key ({@code key=*}): local mode's pages of every practice, the in-process registry. */
    SUPPORT,
    /** The metrics key ({@code OPTGATE_METRICS_KEY}) or a support key: {@code /metrics}. */
    METRICS,
    /**
     * No key: {@code /health}, the Twilio webhooks (which check their own signature) and local
     * mode's static page (it holds no data; the page asks for a key for everything it shows).
     */
    PUBLIC
}
