package io.optgate.consent.numbers;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.optgate.consent.numbers.NumberClaims.Decision.ALREADY_OWNED;
import static io.optgate.consent.numbers.NumberClaims.Decision.GRANTED;
import static io.optgate.consent.numbers.NumberClaims.Decision.NOT_OWNER;
import static io.optgate.consent.numbers.NumberClaims.Decision.REFUSED;
import static io.optgate.consent.numbers.NumberClaims.Decision.RELEASED;
import static org.assertj.core.api.Assertions.assertThat;

class NumberClaimsTest {

    @Test
    void aFreeNumberGoesToTheFirstClaim() {
        assertThat(NumberClaims.decide(Optional.empty(), "vet-a", false)).isEqualTo(GRANTED);
    }

    @Test
    void anOwnedNumberStaysWithItsOwner() {
        assertThat(NumberClaims.decide(Optional.of("vet-a"), "vet-b", false)).isEqualTo(REFUSED);
        assertThat(NumberClaims.decide(Optional.of("vet-a"), "vet-a", false)).isEqualTo(ALREADY_OWNED);
    }

    @Test
    void onlyTheOwnerReleasesANumber() {
        assertThat(NumberClaims.decide(Optional.of("vet-a"), "vet-a", true)).isEqualTo(RELEASED);
        assertThat(NumberClaims.decide(Optional.of("vet-a"), "vet-b", true)).isEqualTo(NOT_OWNER);
        assertThat(NumberClaims.decide(Optional.empty(), "vet-b", true)).isEqualTo(NOT_OWNER);
    }
}
