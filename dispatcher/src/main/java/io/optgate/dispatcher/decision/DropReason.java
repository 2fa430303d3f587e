package io.optgate.dispatcher.decision;

/**
 * Why a request is not sent, declared in order of precedence: when several reasons hold for one
 * request, the one declared first is recorded.
 *
 * <p>The order answers the question ops ask ("why did this client not get it?") with the most
 * fundamental cause: a request that cannot be judged comes first, then what the client (or the
 * phone) said, then what the practice configured, and only then timing. {@link #REQUEST_EXPIRED}
 * is last on purpose: it is recorded only when consent would otherwise have allowed the message.
 */
public enum DropReason {
    /** The same requestId was seen before within the duplicate window; decided before any rule. */
    DUPLICATE_REQUEST,
    /**
     * Consent could not be known current up to the request's time within the bound (consent-streams
     * stopped or far behind): not judged on consent that may be stale, and not remembered, so the
     * upstream may send the same requestId again.
     */
    CONSENT_STALE,
    /** The request itself is malformed: ids, key, address, body, category or channel. */
    INVALID_REQUEST,
    /** The stored consent (client or phone) could not be read: fail closed. Recorded as OTHER. */
    CONSENT_UNREADABLE,
    /** The client's SMS level is OPTED_OUT (SMS only: the level governs no other channel). */
    OPTED_OUT,
    /** The destination number replied STOP (or a carrier opted it out) for this practice. */
    PHONE_SUPPRESSED,
    /** A phone number is on record and the request is addressed to another one. */
    PHONE_NOT_ON_RECORD,
    /** The client's SMS level is below what the category needs (SMS only). */
    LEVEL_TOO_LOW,
    /** The request names a preference and the practice has communication preferences switched off. */
    COMMUNICATION_DISABLED,
    /** The named preference is archived or not defined. */
    PREFERENCE_INACTIVE,
    /**
     * The client has not granted the named preference on the request's channel, the preference does
     * not offer the channel, or a request on a channel other than SMS names no preference at all.
     */
    PREFERENCE_NOT_GRANTED,
    /** The client's grant of the named preference had expired at the request's time. */
    CONSENT_EXPIRED,
    /** The request's {@code expiresAt} had passed when it was decided. */
    REQUEST_EXPIRED,
    /**
     * The client was already sent as many texts of the category as its {@link FrequencyCap} allows
     * within the period; checked only once every rule above would send the text.
     */
    FREQUENCY_CAPPED
}
