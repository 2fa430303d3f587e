package io.optgate.dispatcher.keywords;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contract's inbound keywords, matched on the whole message after {@link InboundText}
 * normalisation (case, width, invisible characters, whitespace of every kind, surrounding
 * punctuation and emoji do not matter):
 * <ul>
 *   <li>opt out: Twilio's default opt-out words STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT,
 *       REVOKE, OPTOUT and the FCC's named words (stop, quit, end, revoke, opt out, cancel,
 *       unsubscribe), each also written as two words ({@code "OPT OUT"}, {@code "STOP ALL"},
 *       {@code "opt-out"});</li>
 *   <li>opt in: START, UNSTOP; confirm: YES; help: HELP, INFO — exact words only, no spaced
 *       variants or synonyms, because a lenient opt-in would be the unsafe side.</li>
 * </ul>
 * Anything else, including a keyword inside a longer text ("STOP please"), is not a keyword: a
 * client chatting with the practice must not be opted out by accident. Plain Java, no I/O.
 */
public final class Keywords {

    /** Opt-out words as written with a space; the key is also accepted without it. */
    private static final Set<String> SPACED_OPT_OUTS = Set.of("OPT OUT", "STOP ALL");

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
     * @return the match (its word normalised, without spaces: {@code "opt out"} is {@code OPTOUT}),
     *     or empty when the text is not exactly one keyword
     */
    public static Optional<KeywordMatch> parse(final String body) {
        final String text = InboundText.normalise(body);
        final String word = SPACED_OPT_OUTS.contains(text) ? text.replace(" ", "") : text;
        return Optional.ofNullable(WORDS.get(word)).map(keyword -> new KeywordMatch(keyword, word));
    }
}
