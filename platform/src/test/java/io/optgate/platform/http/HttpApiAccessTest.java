package io.optgate.platform.http;

import io.optgate.platform.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Support-only and metrics routes, the metrics key, and basic auth carrying a key. */
class HttpApiAccessTest {

    private final Metrics metrics = Metrics.prometheus();
    private HttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop(Duration.ZERO);
        }
        metrics.close();
    }

    private TestClient start(final ApiKeys keys) {
        api = HttpApi.builder().port(0).bindHost("127.0.0.1").apiKeys(keys)
                .routes(OpsRoutes.create(metrics))
                .routes(Routes.builder()
                        .support(HttpMethod.GET, "/local/stats", request -> Response.ok("every practice"))
                        .tenant(HttpMethod.GET, "/v1/tenants/{t}/x", request -> Response.ok("one practice"))
                        .build())
                .build().start();
        return new TestClient(api);
    }

    private static ApiKeys keys() {
        return ApiKeys.parse("acme-key=acme,support-key=*").withMetricsKey("scrape-key");
    }

    @Test
    void metricsNeedTheMetricsKeyOrASupportKey() {
        final TestClient client = start(keys());

        assertThat(client.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(client.get("/metrics", "Authorization", "Bearer acme-key").statusCode()).isEqualTo(403);
        assertThat(client.get("/metrics", "Authorization", "Bearer scrape-key").statusCode()).isEqualTo(200);
        assertThat(client.get("/metrics", "Authorization", "Bearer support-key").statusCode()).isEqualTo(200);
        assertThat(client.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theMetricsKeyOpensNothingElse() {
        final TestClient client = start(keys());

        assertThat(client.get("/local/stats", "Authorization", "Bearer scrape-key").statusCode()).isEqualTo(403);
        assertThat(client.get("/v1/tenants/acme/x", "Authorization", "Bearer scrape-key").statusCode()).isEqualTo(403);
    }

    @Test
    void supportRoutesRefuseAPracticeKey() {
        final TestClient client = start(keys());

        assertThat(client.get("/local/stats").statusCode()).isEqualTo(401);
        assertThat(client.get("/local/stats", "Authorization", "Bearer acme-key").body()).contains("needs a support key");
        assertThat(client.get("/local/stats", "Authorization", "Bearer support-key").statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyMayComeAsTheBasicAuthPassword() {
        final TestClient client = start(keys());
        final String basic = "Basic " + Base64.getEncoder().encodeToString("registry:support-key".getBytes(StandardCharsets.UTF_8));

        assertThat(client.get("/local/stats", "Authorization", basic).statusCode()).isEqualTo(200);
        assertThat(client.get("/local/stats", "Authorization", "Basic bm90LWEta2V5").statusCode()).isEqualTo(401);
    }

    @Test
    void withAuthenticationOffEveryRouteIsOpenOnLoopback() {
        final TestClient client = start(ApiKeys.disabled());

        assertThat(client.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(client.get("/local/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void aMetricsKeyWithoutApiKeysOrEqualToOneIsRefused() {
        assertThatThrownBy(() -> ApiKeys.disabled().withMetricsKey("scrape-key")).hasMessageContaining("OPTGATE_API_KEYS");
        assertThatThrownBy(() -> ApiKeys.parse("k=acme").withMetricsKey("k")).hasMessageContaining("repeats")
                .hasMessageNotContaining("k=");
    }
}
