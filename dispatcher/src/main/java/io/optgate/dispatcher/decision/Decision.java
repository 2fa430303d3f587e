package io.optgate.dispatcher.decision;

import io.optgate.schema.DecidingConsent;
import io.optgate.schema.SmsLevel;

import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one message request: {@link Send} or {@link Drop}. Both carry the consent the
 * verdict was based on, so that the recorded decision can say which consent version it saw.
 */
public sealed interface Decision permits Decision.Send, Decision.Drop {

    /** The consent the verdict was based on. */
    ConsentBasis basis();

    /** The request may be sent. */
    record Send(ConsentBasis basis) implements Decision {
        public Send {
            Objects.requireNonNull(basis, "basis");
        }
    }

    /**
     * The request is not sent.
     *
     * @param reason why
     * @param detail what exactly was wrong, for ops; never personal data (no phone, no body, no
     *               echoed input); empty when the reason says it all
     * @param basis  the consent the verdict was based on
     */
    record Drop(DropReason reason, Optional<String> detail, ConsentBasis basis) implements Decision {
        public Drop {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(basis, "basis");
        }

        static Drop of(final DropReason reason, final ConsentBasis basis) {
            return new Drop(reason, Optional.empty(), basis);
        }

        static Drop of(final DropReason reason, final String detail, final ConsentBasis basis) {
            return new Drop(reason, Optional.of(detail), basis);
        }
    }

    /** A CONSENT_STALE drop: the rules are not consulted on consent that may be stale. */
    public static Decision consentStale(final String detail) {
        return new Drop(DropReason.CONSENT_STALE, Optional.of(detail), ConsentBasis.NONE);
    }

    /** A DUPLICATE_REQUEST drop: the rules are not consulted for a request seen before. */
    static Decision duplicate() {
        return new Drop(DropReason.DUPLICATE_REQUEST, Optional.empty(), ConsentBasis.NONE);
    }

    /**
     * The stricter of two decisions on the same request: a drop beats a send, and of two drops the
     * reason with the higher precedence (see {@link DropReason}) wins; on a tie the first argument.
     * The dispatcher judges a request against the consent at the request's time and against the
     * latest consent it knows, and keeps the stricter: a message goes out only when both allow it.
     */
    static Decision stricter(final Decision first, final Decision second) {
        if (first instanceof Drop firstDrop) {
            if (second instanceof Drop secondDrop && secondDrop.reason().ordinal() < firstDrop.reason().ordinal()) {
                return second;
            }
            return first;
        }
        return second instanceof Drop ? second : first;
    }

    /**
     * The consent a decision was based on.
     *
     * @param level     the client's SMS level; BASIC_TRANSACTIONAL for a client never seen; empty when
     *                  no consent was consulted (invalid or duplicate request) or it was unreadable
     * @param version   the consent version; empty for a client never seen
     * @param decidedBy which consent the verdict was judged on (see {@link DispatchRules}); empty when
     *                  none was consulted
     */
    record ConsentBasis(Optional<SmsLevel> level, Optional<Long> version, Optional<DecidingConsent> decidedBy) {
        /** No consent was consulted. */
        public static final ConsentBasis NONE = new ConsentBasis(Optional.empty(), Optional.empty(), Optional.empty());

        public ConsentBasis {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(decidedBy, "decidedBy");
        }

        /** The same level and version, judged on {@code consent}. */
        public ConsentBasis by(final DecidingConsent consent) {
            return new ConsentBasis(level, version, Optional.of(consent));
        }
    }
}
