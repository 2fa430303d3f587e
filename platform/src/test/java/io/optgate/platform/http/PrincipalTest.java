package io.optgate.platform.http;

import io.optgate.schema.ActorType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrincipalTest {

    private final Principal tenant = new Principal.TenantKey("acme", "key-00000001");
    private final Principal support = new Principal.SupportKey("key-00000002");
    private final Principal authOff = new Principal.AuthDisabled();

    @Test
    void aTenantKeyRecordsStaffAndClientChangesAsClaimed() {
        assertThat(tenant.actorTypeFor(ActorType.STAFF)).isEqualTo(ActorType.STAFF);
        assertThat(tenant.actorTypeFor(ActorType.CLIENT)).isEqualTo(ActorType.CLIENT);
    }

    @Test
    void onlyASupportKeyMayActAsSupport() {
        assertThatThrownBy(() -> tenant.actorTypeFor(ActorType.SUPPORT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("INVALID_ACTOR");
                });
        assertThat(support.actorTypeFor(ActorType.SUPPORT)).isEqualTo(ActorType.SUPPORT);
    }

    @Test
    void aSupportKeysChangesAreAlwaysRecordedAsSupport() {
        assertThat(support.actorTypeFor(ActorType.STAFF)).isEqualTo(ActorType.SUPPORT);
        assertThat(support.actorTypeFor(ActorType.CLIENT)).isEqualTo(ActorType.SUPPORT);
    }

    @Test
    void systemNeverComesFromTheApi() {
        for (final Principal principal : new Principal[] {tenant, support, authOff}) {
            assertThatThrownBy(() -> principal.actorTypeFor(ActorType.SYSTEM))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_ACTOR"));
        }
    }

    @Test
    void aMissingActorTypeIsInvalid() {
        assertThatThrownBy(() -> tenant.actorTypeFor(null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void withAuthenticationOffTheClaimedTypeIsKept() {
        assertThat(authOff.actorTypeFor(ActorType.SUPPORT)).isEqualTo(ActorType.SUPPORT);
        assertThat(authOff.actorTypeFor(ActorType.STAFF)).isEqualTo(ActorType.STAFF);
        assertThat(authOff.mayAccess("any")).isTrue();
    }

    @Test
    void anAnonymousCallerCannotActOrAccessTenants() {
        final Principal anonymous = new Principal.Anonymous();

        assertThat(anonymous.mayAccess("acme")).isFalse();
        assertThatThrownBy(() -> anonymous.actorTypeFor(ActorType.STAFF))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
