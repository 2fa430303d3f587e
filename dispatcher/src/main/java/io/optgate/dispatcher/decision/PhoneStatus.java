package io.optgate.dispatcher.decision;

/** The practice-wide state of the number a request is addressed to (topic consent.phone-state). */
public enum PhoneStatus {
    /** Not suppressed, or never seen (a number that never replied STOP). */
    CLEAR,
    /** Replied STOP or was opted out by a carrier, and has not replied START since. */
    SUPPRESSED,
    /** A state is recorded but cannot be read: fail closed. */
    UNREADABLE
}
