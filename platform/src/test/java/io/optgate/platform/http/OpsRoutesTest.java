package io.optgate.platform.http;

import io.optgate.platform.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OpsRoutesTest {

    private final AtomicReference<HealthCheck.Status> dispatcher = new AtomicReference<>(new HealthCheck.Status(true, "RUNNING"));
    private Metrics metrics;
    private HttpApi api;
    private TestClient client;

    @BeforeEach
    void start() {
        metrics = Metrics.prometheus();
        metrics.registry().counter("optgate.decisions", "verdict", "SEND").increment(3);
        final HealthCheck consent = check("consent-streams", new AtomicReference<>(new HealthCheck.Status(true, "RUNNING")));
        api = HttpApi.builder()
                .port(0)
                .apiKeys(ApiKeys.parse("k=acme").withMetricsKey("scrape"))
                .bindHost("127.0.0.1")
                .routes(OpsRoutes.create(metrics, consent, check("dispatcher", dispatcher)))
                .build()
                .start();
        client = new TestClient(api);
    }

    @AfterEach
    void stop() {
        api.stop(Duration.ZERO);
        metrics.close();
    }

    @Test
    void healthIsUpWhenEveryAppRunsAndNeedsNoKey() {
        final HttpResponse<String> answer = client.get("/health");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"consent-streams\":\"RUNNING\",\"dispatcher\":\"RUNNING\"}}");
    }

    @Test
    void healthIs503WithTheStateWhenOneAppIsNotRunning() {
        dispatcher.set(new HealthCheck.Status(false, "REBALANCING"));

        final HttpResponse<String> answer = client.get("/health");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"consent-streams\":\"RUNNING\",\"dispatcher\":\"REBALANCING\"}}");
    }

    @Test
    void metricsArePrometheusTextWithJvmAndAppMeters() {
        final HttpResponse<String> answer = client.get("/metrics", "Authorization", "Bearer scrape");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(answer.body())
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("optgate_decisions_total{verdict=\"SEND\"} 3.0");
    }

    private static HealthCheck check(final String name, final AtomicReference<HealthCheck.Status> status) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status status() {
                return status.get();
            }
        };
    }
}
