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
            "STOP please", "please stop", "STOP!", "STOP.", "S TOP", "STOPP", "STO", "yes please", "Yes!",
            "YESS", "HELP me", "start now", "opt out", "OPT-OUT", "stop stop", "Y", "NO", "UNSUBSCRIBED",
            "Thanks, see you Tuesday", "\u00a0"})
    void aKeywordInsideALongerTextOrAMisspellingIsNotAKeyword(final String body) {
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
