package io.optgate.dispatcher.decision;

import io.optgate.schema.ConsentState;

import java.util.Objects;

/** What the dispatcher knows about one client's consent at a given time. */
public sealed interface ClientConsent permits ClientConsent.NeverSeen, ClientConsent.Recorded, ClientConsent.Unreadable {

    /** The client has no recorded consent: the product default (BASIC_TRANSACTIONAL, no phone) applies. */
    static ClientConsent neverSeen() {
        return NeverSeen.INSTANCE;
    }

    /** A recorded consent state. */
    static ClientConsent recorded(final ConsentState state) {
        return new Recorded(state);
    }

    /** The stored consent exists but cannot be read; never judged as a default. */
    static ClientConsent unreadable() {
        return Unreadable.INSTANCE;
    }

    /** No recorded consent. */
    enum NeverSeen implements ClientConsent {
        INSTANCE
    }

    /** A recorded consent state. */
    record Recorded(ConsentState state) implements ClientConsent {
        public Recorded {
            Objects.requireNonNull(state, "state");
        }
    }

    /** Recorded, but unreadable. */
    enum Unreadable implements ClientConsent {
        INSTANCE
    }
}
