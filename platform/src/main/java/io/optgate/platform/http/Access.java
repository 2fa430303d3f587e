package io.optgate.platform.http;

/** Who may call a route. */
public enum Access {
    /**
     * Needs a bearer key for the tenant named by the route's {@code {t}} path parameter (or a
     * support key). Missing or unknown key: 401; key of another tenant: 403.
     */
    TENANT,
    /** No bearer key: {@code /health}, {@code /metrics}, the Twilio webhooks (which check their own signature). */
    PUBLIC
}
