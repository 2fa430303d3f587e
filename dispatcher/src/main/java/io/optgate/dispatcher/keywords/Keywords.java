package io.optgate.dispatcher.keywords;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's inbound keywords: the whole message, trimmed, in any case, is one of
 * STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE (opt out); START, UNSTOP (opt in);
 * YES (confirm); HELP, INFO (help). Anything else, including a keyword inside a longer text
 * ("STOP please"), is not a keyword: a client chatting with the practice must not be opted out by
 * accident. Plain Java, no I/O.
 */
public final class Keywords {

    private static final Map<String, Keyword> WORDS = Map.ofEntries(
            Map.entry("STOP", Keyword.OPT_OUT),
            Map.entry("STOPALL", Keyword.OPT_OUT),
            Map.entry("UNSUBSCRIBE", Keyword.OPT_OUT),
            Map.entry("CANCEL", Keyword.OPT_OUT),
            Map.entry("END", Keyword.OPT_OUT),
            Map.entry("QUIT", Keyword.OPT_OUT),
            Map.entry("OPTOUT", Keyword.OPT_OUT),
            Map.entry("REVOKE", Keyword.OPT_OUT),
            Map.entry("START", Keyword.OPT_IN),
            Map.entry("UNSTOP", Keyword.OPT_IN),
            Map.entry("YES", Keyword.CONFIRM),
            Map.entry("HELP", Keyword.HELP),
            Map.entry("INFO", Keyword.HELP));

    private Keywords() {
    }

    /**
     * The keyword a whole inbound text stands for.
     *
     * @param body the text as received; {@code null} is treated as empty
     * @return the match, or empty when the text is not exactly one keyword
     */
    public static Optional<KeywordMatch> parse(final String body) {
        if (body == null) {
            return Optional.empty();
        }
        final String word = body.strip().toUpperCase(Locale.ROOT);
        return Optional.ofNullable(WORDS.get(word)).map(keyword -> new KeywordMatch(keyword, word));
    }
}
