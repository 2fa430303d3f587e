package io.optgate.platform.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    private final ApiKeys keys = ApiKeys.parse("acme-key=acme, vetco-key=vet.co_1 ,support-key=*,padded==acme");

    @Test
    void aTenantKeyAuthenticatesAsThatTenant() {
        assertThat(keys.authenticate("Bearer acme-key")).hasValueSatisfying(principal -> {
            assertThat(principal).isInstanceOf(Principal.TenantKey.class);
            assertThat(principal.mayAccess("acme")).isTrue();
            assertThat(principal.mayAccess("vet.co_1")).isFalse();
        });
    }

    @Test
    void aSupportKeyMayAccessEveryTenant() {
        assertThat(keys.authenticate("Bearer support-key")).hasValueSatisfying(principal -> {
            assertThat(principal).isInstanceOf(Principal.SupportKey.class);
            assertThat(principal.mayAccess("anyone")).isTrue();
        });
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndWhitespaceTolerant() {
        assertThat(keys.authenticate("bearer   vetco-key ")).isPresent();
        assertThat(keys.authenticate("BEARER acme-key")).isPresent();
    }

    @Test
    void aKeyMayEndInEqualsSigns() {
        assertThat(keys.authenticate("Bearer padded=")).hasValueSatisfying(
                principal -> assertThat(principal.mayAccess("acme")).isTrue());
    }

    @Test
    void missingMalformedAndUnknownHeadersAuthenticateNobody() {
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("acme-key")).isEmpty();
        assertThat(keys.authenticate("Basic acme-key")).isEmpty();
        assertThat(keys.authenticate("Bearer ")).isEmpty();
        assertThat(keys.authenticate("Bearer someone-else")).isEmpty();
    }

    @Test
    void principalsCarryANonSecretFingerprintOfTheirKey() {
        final String fingerprint = keys.authenticate("Bearer support-key").orElseThrow().keyId().orElseThrow();

        assertThat(fingerprint).startsWith("key-").hasSize(12).doesNotContain("support");
        assertThat(keys.authenticate("Bearer support-key").orElseThrow().keyId()).contains(fingerprint);
    }

    @Test
    void badEntriesAreNamedByPositionWithoutTheKey() {
        assertThatThrownBy(() -> ApiKeys.parse("good=acme,nokey"))
                .hasMessage("entry 2 is not key=tenantId or key=*");
        assertThatThrownBy(() -> ApiKeys.parse("=acme"))
                .hasMessage("entry 1 is not key=tenantId or key=*");
        assertThatThrownBy(() -> ApiKeys.parse("secret=bad tenant"))
                .hasMessageStartingWith("entry 1 names an invalid tenant id")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ApiKeys.parse("same=a,same=b"))
                .hasMessage("entry 2 repeats a key given earlier");
        assertThatThrownBy(() -> ApiKeys.parse("a=acme,,b=acme"))
                .hasMessage("entry 2 is not key=tenantId or key=*");
    }

    @Test
    void toStringNeverShowsKeys() {
        assertThat(keys.toString()).isEqualTo("ApiKeys[4 keys]");
        assertThat(ApiKeys.disabled().toString()).isEqualTo("ApiKeys[disabled]");
        assertThat(ApiKeys.disabled().enabled()).isFalse();
    }
}
