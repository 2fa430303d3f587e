package io.optgate.platform.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's keys, as CONTRACT.md spells them. */
class IdentifiersTest {

    @Test
    void keysAreSpelledAsTheContractSays() {
        assertThat(Identifiers.clientKey("vet-a", "c-1")).isEqualTo("vet-a:c-1");
        assertThat(Identifiers.messageKey("vet-a", "c-1", "r-1")).isEqualTo("vet-a:c-1/r-1");
        assertThat(Identifiers.tenantRequestKey("vet-a", "r-1")).isEqualTo("vet-a:r-1");
        assertThat(Identifiers.preferenceKey("vet-a", "reminders")).isEqualTo("vet-a:reminders");
        assertThat(Identifiers.phoneKey("vet-a", "+15550001111")).isEqualTo("vet-a:+15550001111");
        assertThat(Identifiers.textedNumberKey("+15550001111", "vet-a")).isEqualTo("+15550001111:vet-a");
    }

    @Test
    void idsAndNumbersAreCheckedByOnePattern() {
        assertThat(Identifiers.isE164("+15550001111")).isTrue();
        assertThat(Identifiers.isE164("5550001111")).isFalse();
        assertThat(Identifiers.isValidRequestId("r-1")).isTrue();
        assertThat(Identifiers.isValidRequestId("a/b")).as("'/' separates the message key").isFalse();
    }
}
