package io.optgate.platform.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTest {

    @Test
    void formBodiesAreDecodedAsTwilioSendsThem() {
        final Request request = Request.builder(HttpMethod.POST, "/twilio/inbound")
                .body("From=%2B15550100&Body=stop+please&MediaUrl0=a&MediaUrl0=b&Empty=&Flag")
                .build();

        assertThat(request.form()).containsExactly(
                Map.entry("From", "+15550100"),
                Map.entry("Body", "stop please"),
                Map.entry("MediaUrl0", "a"),
                Map.entry("Empty", ""),
                Map.entry("Flag", ""));
        assertThat(request.formValues().get("MediaUrl0")).containsExactly("a", "b");
    }

    @Test
    void aMalformedFormOrQueryIsA400() {
        final Request request = Request.builder(HttpMethod.POST, "/twilio/inbound")
                .rawQuery("x=%zz")
                .body("Body=%E")
                .build();

        assertThatThrownBy(request::form).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("MALFORMED_FORM"));
        assertThatThrownBy(() -> request.queryParameter("x")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("MALFORMED_QUERY"));
    }

    @Test
    void headersAreFoundInAnyCase() {
        final Request request = Request.builder(HttpMethod.GET, "/x")
                .header("X-Twilio-Signature", "sig")
                .headers(Map.of("accept", List.of("application/json")))
                .build();

        assertThat(request.header("x-twilio-signature")).contains("sig");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(request.header("Missing")).isEmpty();
    }

    @Test
    void thePathAndQueryAreKeptAsReceived() {
        final Request request = Request.builder(HttpMethod.POST, "/twilio/status").rawQuery("id=a%20b").build();

        assertThat(request.pathAndQuery()).isEqualTo("/twilio/status?id=a%20b");
        assertThat(request.queryParameter("id")).contains("a b");
        assertThat(Request.builder(HttpMethod.GET, "/health").build().pathAndQuery()).isEqualTo("/health");
    }

    @Test
    void askingForAParameterTheRouteDoesNotHaveIsAProgrammingError() {
        final Request request = Request.builder(HttpMethod.GET, "/v1/tenants/acme/x")
                .pathParameters(Map.of("t", "acme"))
                .build();

        assertThat(request.tenantId()).isEqualTo("acme");
        assertThatThrownBy(() -> request.pathParameter("c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBodyCannotBeChangedFromOutside() {
        final byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        final Request request = Request.builder(HttpMethod.PUT, "/x").body(bytes).build();

        bytes[0] = 'z';
        request.body()[1] = 'z';

        assertThat(request.bodyText()).isEqualTo("abc");
    }

    @Test
    void toStringShowsNeitherHeadersNorBody() {
        final Request request = Request.builder(HttpMethod.PUT, "/v1/tenants/acme/messages")
                .header("Authorization", "Bearer secret")
                .body("{\"to\":\"+15550100\"}")
                .build();

        assertThat(request.toString()).isEqualTo("PUT /v1/tenants/acme/messages");
    }

    @Test
    void idPathParametersAreRefusedWithTheirOwnCodeWhenMalformed() {
        final Request request = Request.builder(HttpMethod.GET, "/v1/tenants/vet-1/clients/c%20x")
                .pathParameters(Map.of("t", "vet-1", "c", "c x", "p", "reminders.2026"))
                .build();

        assertThat(request.tenantId()).isEqualTo("vet-1");
        assertThat(request.idParameter("p", "INVALID_PREFERENCE_ID", "preference")).isEqualTo("reminders.2026");
        assertThatThrownBy(() -> request.idParameter("c", "INVALID_CLIENT_ID", "client"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_CLIENT_ID");
                    assertThat(e.getMessage()).isEqualTo("the client id must be 1 to 64 letters, digits, '.', '_' or '-'");
                });
        final Request badTenant = Request.builder(HttpMethod.GET, "/v1/tenants/x").pathParameters(Map.of("t", "a".repeat(65))).build();
        assertThatThrownBy(badTenant::tenantId).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("INVALID_TENANT_ID"));
    }
}
