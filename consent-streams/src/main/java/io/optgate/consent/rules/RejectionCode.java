package io.optgate.consent.rules;

/**
 * Why an event was refused. The HTTP API maps each to a status: the conflicts with the current
 * state to 409 and the invalid inputs to 422 (see {@link #isConflict()}).
 */
public enum RejectionCode {
    INVALID_TENANT_ID,
    INVALID_CLIENT_ID,
    INVALID_EVENT_ID,
    /** The record key is not {@code <tenantId>:<clientId>} of the event. */
    KEY_MISMATCH,
    INVALID_PHONE,
    /** A time zone that is not an IANA region id ({@code America/Chicago}). */
    INVALID_TIME_ZONE,
    INVALID_ACTOR,
    /** SYSTEM changes are made by optgate itself and never arrive on {@code consent.events}. */
    SYSTEM_ACTOR_NOT_ALLOWED,
    /** Leaving OPTED_OUT needs the statement that the client asked for it. */
    OPT_IN_CONFIRMATION_REQUIRED,
    /** Marketing needs a mobile number to send the confirmation text to. */
    PHONE_REQUIRED,
    /** Marketing cannot be confirmed through a number that replied STOP. */
    PHONE_SUPPRESSED,
    COMMUNICATION_PREFERENCES_DISABLED,
    UNKNOWN_PREFERENCE,
    PREFERENCE_ARCHIVED,
    NOT_EDITABLE,
    /** The preference is not offered on that channel (or the channel is unknown). */
    CHANNEL_NOT_OFFERED,
    /** A grant whose validUntil is not after the time of the change. */
    INVALID_VALIDITY,
    /** A change this version of the rules does not know. */
    UNSUPPORTED_CHANGE,
    /** Dated before 1970 or more than {@link ConsentRules#MAX_AHEAD} ahead of the clock. */
    INVALID_TIME,
    /** The evidence's policy version or text is blank or longer than {@link ConsentRules#MAX_EVIDENCE_TEXT}. */
    INVALID_EVIDENCE;

    /** Whether the event was well formed but conflicts with the client's or practice's state. */
    public boolean isConflict() {
        return switch (this) {
            case OPT_IN_CONFIRMATION_REQUIRED, PHONE_REQUIRED, PHONE_SUPPRESSED,
                 COMMUNICATION_PREFERENCES_DISABLED, PREFERENCE_ARCHIVED, NOT_EDITABLE -> true;
            case INVALID_TENANT_ID, INVALID_CLIENT_ID, INVALID_EVENT_ID, KEY_MISMATCH, INVALID_PHONE, INVALID_TIME_ZONE,
                 INVALID_ACTOR, SYSTEM_ACTOR_NOT_ALLOWED, UNKNOWN_PREFERENCE, CHANNEL_NOT_OFFERED,
                 INVALID_VALIDITY, UNSUPPORTED_CHANGE, INVALID_TIME, INVALID_EVIDENCE -> false;
        };
    }
}
