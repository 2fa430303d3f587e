package io.optgate.dispatcher.keywords;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordsTest {

    @ParameterizedTest(name = "{0} means {1}")
    @CsvSource({
            "STOP, OPT_OUT", "STOPALL, OPT_OUT", "UNSUBSCRIBE, OPT_OUT", "CANCEL, OPT_OUT",
            "END, OPT_OUT", "QUIT, OPT_OUT", "OPTOUT, OPT_OUT", "REVOKE, OPT_OUT",
            "START, OPT_IN", "UNSTOP, OPT_IN",
            "YES, CONFIRM",
            "HELP, HELP", "INFO, HELP"})
    void everyContractKeywordMapsToItsKind(final String word, final Keyword expected) {
        assertThat(Keywords.parse(word)).contains(new KeywordMatch(expected, word));
    }

    @ParameterizedTest(name = "\"{0}\" is STOP")
    @ValueSource(strings = {"stop", "Stop", "sToP", "  STOP", "STOP  ", "\tstop\n", " \r\nStop \t"})
    void caseAndSurroundingWhitespaceDoNotMatter(final String body) {
        assertThat(Keywords.parse(body)).contains(new KeywordMatch(Keyword.OPT_OUT, "STOP"));
    }

    @Test
    void theReceivedWordIsKeptUpperCasedSoSynonymsStayDistinguishable() {
        assertThat(Keywords.parse(" unsubscribe ")).contains(new KeywordMatch(Keyword.OPT_OUT, "UNSUBSCRIBE"));
        assertThat(Keywords.parse("info")).contains(new KeywordMatch(Keyword.HELP, "INFO"));
    }

    @ParameterizedTest(name = "\"{0}\" is not a keyword")
    @ValueSource(strings = {
            "STOP please", "please stop", "S TOP", "S.T.O.P", "STOPP", "STO", "yes please", "Y E S",
            "YESS", "HELP me", "start now", "stop stop", "Y", "NO", "UNSUBSCRIBED", "opt", "out", "opt in",
            "Thanks, see you Tuesday", "\u00a0", "\u200b", "!!!", "\uD83D\uDED1", "STOP 2", "2 STOP"})
    void aKeywordInsideALongerTextOrAMisspellingIsNotAKeyword(final String body) {
        assertThat(Keywords.parse(body)).isEmpty();
    }

    /**
     * How clients actually type an opt-out on a handset (issue 11): every one of these opts out.
     * Twilio's default opt-out words and the FCC's named words, spaced and unspaced, with the
     * punctuation, emoji, widths and invisible characters phones and keyboards add.
     */
    @ParameterizedTest(name = "\"{0}\" opts out")
    @ValueSource(strings = {
            "STOP", "stop", "Stop.", "STOP!", "STOP!!!", "stop?", "¡STOP!", "\"STOP\"", "'stop'", "(stop)", "[STOP]",
            "STOP.", "Stop,", "stop;", "stop :)", "STOP \uD83D\uDED1", "\uD83D\uDED1STOP", "STOP\uD83D\uDE21\uD83D\uDE21",
            "STOP \uD83D\uDC4D\uD83C\uDFFD", "\u270B\uFE0F stop", "\uFF33\uFF34\uFF2F\uFF30", "\uFF53\uFF54\uFF4F\uFF50\uFF01",
            "STOP\u00A0", "\u00A0STOP", "STOP\u200B", "\u200BSTOP", "ST\u200BOP", "\uFEFFSTOP", "STOP\u2060",
            "STOP\u3000", "\u3000STOP", "STOP\u2009", "STOP\u202F", "STOP\u2028", "STOP\r\n", "\tSTOP\t",
            "STOPALL", "stopall", "stop all", "STOP ALL", "Stop-all", "STOP\u00A0ALL",
            "UNSUBSCRIBE", "Unsubscribe.", "unsubscribe!", "CANCEL", "cancel", "Cancel.", "END", "end", "End.",
            "QUIT", "quit", "Quit!", "REVOKE", "revoke", "Revoke.",
            "OPTOUT", "optout", "opt out", "Opt out", "OPT OUT", "opt-out", "Opt-Out.", "opt_out", "opt\u00A0out",
            "opt\u3000out", "opt  out", "opt\u2013out", "\uFF2F\uFF30\uFF34\u3000\uFF2F\uFF35\uFF34", "OPT\u200B OUT"})
    void everyWayOfTypingAnOptOutOptsOut(final String body) {
        assertThat(Keywords.parse(body)).get().extracting(KeywordMatch::keyword).isEqualTo(Keyword.OPT_OUT);
    }

    @ParameterizedTest(name = "\"{0}\" is recorded as {1}")
    @CsvSource({"'Stop.', STOP", "'opt out', OPTOUT", "'Opt-Out!', OPTOUT", "'stop all', STOPALL",
            "'\uFF33\uFF34\uFF2F\uFF30', STOP", "'STOP\u00A0', STOP", "'unsubscribe\u200B', UNSUBSCRIBE"})
    void theRecordedWordIsTheNormalisedWordWithoutSpaces(final String body, final String word) {
        assertThat(Keywords.parse(body)).get().extracting(KeywordMatch::word).isEqualTo(word);
    }

    /** Opt-ins get the same normalisation but no spaced forms or synonyms: being lenient there is the unsafe side. */
    @ParameterizedTest(name = "\"{0}\" means {1}")
    @CsvSource({"'Start.', OPT_IN", "'START!', OPT_IN", "'\uFF33\uFF34\uFF21\uFF32\uFF34', OPT_IN", "'start\u00A0', OPT_IN",
            "'Unstop', OPT_IN", "'Yes!', CONFIRM", "'yes.', CONFIRM", "'YES\u200B', CONFIRM", "'Help?', HELP", "'info.', HELP"})
    void optInsConfirmationsAndHelpAreExactWordsAfterTheSameNormalisation(final String body, final Keyword expected) {
        assertThat(Keywords.parse(body)).get().extracting(KeywordMatch::keyword).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is not an opt-in")
    @ValueSource(strings = {"UN STOP", "un-stop", "STAR T", "opt in", "OPTIN", "subscribe", "Y E S", "yeah", "ok"})
    void noSpacedFormOrSynonymOptsIn(final String body) {
        assertThat(Keywords.parse(body)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void anEmptyOrMissingTextIsNotAKeyword(final String body) {
        assertThat(Keywords.parse(body)).isEmpty();
    }

    @Test
    void everyKindIsReachableFromSomeWord() {
        final Set<Keyword> reached = Stream.of("STOP", "START", "YES", "HELP")
                .map(word -> Keywords.parse(word).orElseThrow().keyword())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Keyword.class)));
        assertThat(reached).isEqualTo(EnumSet.allOf(Keyword.class));
    }
}
