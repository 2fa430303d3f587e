package io.optgate.dispatcher.keywords;

import java.util.Objects;

/**
 * A recognised keyword and the word as the client typed it, normalised (STOPALL stays STOPALL
 * even though it means the same as STOP, so the audit trail shows what was received).
 *
 * @param keyword what the text asks for
 * @param word    the received word, normalised ({@link InboundText}) and without spaces
 */
public record KeywordMatch(Keyword keyword, String word) {

    /** Fails fast on a missing keyword or word. */
    public KeywordMatch {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(word, "word");
    }
}
