package io.optgate.platform.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiAuthTest {

    private static HttpApi api;
    private static TestClient client;

    @BeforeAll
    static void start() {
        final Routes routes = Routes.builder()
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/whoami", request -> Response.ok(
                        request.principal().getClass().getSimpleName() + " " + request.principal().keyId().orElse("")))
                .unauthenticated(HttpMethod.GET, "/health", request -> Response.ok("UP"))
                .build();
        api = HttpApi.builder()
                .port(0)
                .bindHost("127.0.0.1")
                .apiKeys(ApiKeys.parse("acme-key=acme,support-key=*"))
                .routes(routes)
                .build()
                .start();
        client = new TestClient(api);
    }

    @AfterAll
    static void stop() {
        api.stop(Duration.ofSeconds(1));
    }

    @Test
    void aMissingKeyIs401AskingForABearerKey() {
        final HttpResponse<String> answer = client.get("/v1/tenants/acme/whoami");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(answer.body()).contains("\"error\":\"UNAUTHORIZED\"");
    }

    @Test
    void anUnknownKeyIs401() {
        final HttpResponse<String> answer = client.get("/v1/tenants/acme/whoami", "Authorization", "Bearer guess");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("unknown API key").doesNotContain("guess");
    }

    @Test
    void aKeyForAnotherTenantIs403() {
        final HttpResponse<String> answer = client.get("/v1/tenants/vetco/whoami", "Authorization", "Bearer acme-key");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("\"error\":\"FORBIDDEN\"");
    }

    @Test
    void aTenantKeyReachesItsOwnTenant() {
        final HttpResponse<String> answer = client.get("/v1/tenants/acme/whoami", "Authorization", "Bearer acme-key");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("\"TenantKey key-");
    }

    @Test
    void aSupportKeyReachesEveryTenant() {
        final HttpResponse<String> answer = client.get("/v1/tenants/vetco/whoami", "Authorization", "Bearer support-key");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("\"SupportKey key-");
    }

    @Test
    void publicRoutesTakeNoKey() {
        assertThat(client.get("/health").statusCode()).isEqualTo(200);
        assertThat(client.get("/health", "Authorization", "Bearer nonsense").statusCode()).isEqualTo(200);
    }
}
