package io.optgate.platform.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneMaskingTest {

    @Test
    void anE164NumberKeepsOnlyItsPlusAndLastTwoDigits() {
        assertThat(PhoneMasking.mask("to=+15551234567 ok")).isEqualTo("to=+*********67 ok");
    }

    @Test
    void everyNumberInTheTextIsMaskedIncludingKeysAndUrlEncodedForms() {
        assertThat(PhoneMasking.mask("key vet-1:+447700900123, From=%2B15557654321&To=%2b15550001111"))
                .isEqualTo("key vet-1:+**********23, From=%2B*********21&To=%2b*********11");
    }

    @Test
    void numbersAtTheEdgesOfTheLengthRangeAreMaskedAndLongerRunsAreNotPhones() {
        assertThat(PhoneMasking.mask("+12345678")).isEqualTo("+******78");
        assertThat(PhoneMasking.mask("+123456789012345")).isEqualTo("+*************45");
        assertThat(PhoneMasking.mask("+1234567890123456")).isEqualTo("+1234567890123456");
        assertThat(PhoneMasking.mask("+1234567")).isEqualTo("+1234567");
    }

    @Test
    void digitsWithoutAPlusAreLeftAlone() {
        assertThat(PhoneMasking.mask("offset 15551234567 at 1767225600000")).isEqualTo("offset 15551234567 at 1767225600000");
        assertThat(PhoneMasking.mask(null)).isNull();
    }
}
