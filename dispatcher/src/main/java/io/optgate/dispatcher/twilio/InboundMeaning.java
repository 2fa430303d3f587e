package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.keywords.Keyword;
import io.optgate.dispatcher.keywords.KeywordMatch;
import io.optgate.dispatcher.keywords.Keywords;
import io.optgate.dispatcher.keywords.RevocationClassifier;
import io.optgate.dispatcher.keywords.RevocationReading;

import java.util.Optional;

/**
 * What an inbound text asks for: a keyword ({@link Keywords}), else a plain-language revocation,
 * handled as {@link Keyword#OPT_OUT}, or an unclear text that earns the clarification
 * ({@link RevocationClassifier}); anything else asks for nothing.
 *
 * @param keyword       the keyword it stands for, if any
 * @param word          the keyword as received, for an exact keyword only
 * @param revocationCue the classifier's cue, for a plain-language revocation only
 * @param unclear       whether it may be a revocation and is answered with the clarification text
 */
record InboundMeaning(Optional<Keyword> keyword, Optional<String> word, Optional<String> revocationCue, boolean unclear) {

    static InboundMeaning of(final String body) {
        final Optional<KeywordMatch> match = Keywords.parse(body);
        if (match.isPresent()) {
            return new InboundMeaning(Optional.of(match.get().keyword()), Optional.of(match.get().word()), Optional.empty(), false);
        }
        final RevocationReading reading = RevocationClassifier.read(body);
        return switch (reading.kind()) {
            case REVOCATION -> new InboundMeaning(Optional.of(Keyword.OPT_OUT), Optional.empty(), Optional.of(reading.cue()), false);
            case AMBIGUOUS -> new InboundMeaning(Optional.empty(), Optional.empty(), Optional.empty(), true);
            case NONE -> new InboundMeaning(Optional.empty(), Optional.empty(), Optional.empty(), false);
        };
    }

    /**
     * How the practices are found: an unclear text is answered like HELP, by one practice only,
     * through a Messaging Service.
     */
    Optional<Keyword> routedAs() {
        return unclear ? Optional.of(Keyword.HELP) : keyword;
    }
}
