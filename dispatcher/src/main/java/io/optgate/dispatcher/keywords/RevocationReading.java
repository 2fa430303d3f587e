package io.optgate.dispatcher.keywords;

import java.util.Objects;

/**
 * How a reasonable reader takes an inbound text that is not a keyword, and the cue that decided
 * it (a phrase of the classifier's own, never the client's text, so it can go into a consent note).
 *
 * @param kind what the text means for consent
 * @param cue  the phrase or word that decided; empty for {@link Kind#NONE}
 */
public record RevocationReading(Kind kind, String cue) {

    /** What a text means for consent. */
    public enum Kind {
        /** The client revokes consent: handled like STOP. */
        REVOCATION,
        /** It may be a revocation: the one clarification text the FCC allows is sent, nothing else. */
        AMBIGUOUS,
        /** A normal reply: neither. */
        NONE
    }

    public RevocationReading {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cue, "cue");
    }

    static RevocationReading revocation(final String cue) {
        return new RevocationReading(Kind.REVOCATION, cue);
    }

    static RevocationReading ambiguous(final String cue) {
        return new RevocationReading(Kind.AMBIGUOUS, cue);
    }

    static RevocationReading none() {
        return new RevocationReading(Kind.NONE, "");
    }
}
