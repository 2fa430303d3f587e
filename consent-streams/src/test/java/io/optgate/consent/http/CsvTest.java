package io.optgate.consent.http;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        final String csv = new Csv()
                .row(List.of("at", "text"))
                .row(Arrays.asList("plain", null))
                .row(List.of("a, b", "she said \"yes\""))
                .row(List.of("line\nbreak", "cr\rhere"))
                .toString();

        assertThat(csv).isEqualTo("at,text\r\n"
                + "plain,\r\n"
                + "\"a, b\",\"she said \"\"yes\"\"\"\r\n"
                + "\"line\nbreak\",\"cr\rhere\"\r\n");
    }

    @Test
    void valuesThatLookLikeFormulasAreKeptAsTheyAre() {
        assertThat(Csv.field("=1+1")).isEqualTo("=1+1");
    }
}
