package io.optgate.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpApiTest {

    enum Level { BASIC_TRANSACTIONAL, MARKETING }

    record Change(Level level, Instant at, String phone) {
        Change {
            if (phone != null && !phone.startsWith("+")) {
                throw ApiException.unprocessable("INVALID_PHONE", "phone must be E.164");
            }
        }
    }

    private final ObjectMapper mapper = Json.newObjectMapper();
    private HttpApi api;
    private TestClient client;

    @BeforeEach
    void start() {
        final Routes consent = Routes.builder()
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/echo", request -> {
                    final Map<String, Object> body = new LinkedHashMap<>();
                    body.put("tenant", request.tenantId());
                    body.put("client", request.pathParameter("c"));
                    body.put("view", request.queryParameter("view").orElse(null));
                    body.put("principal", request.principal().getClass().getSimpleName());
                    return Response.ok(body);
                })
                .tenant(HttpMethod.PUT, "/v1/tenants/{t}/changes", request -> Response.ok(request.json(Change.class)))
                .unauthenticated(HttpMethod.GET, "/boom", request -> {
                    throw new IllegalStateException("database password is hunter2");
                })
                .unauthenticated(HttpMethod.GET, "/busy", request -> {
                    throw ApiException.serviceUnavailable("STORE_NOT_READY", "try later", Duration.ofMillis(1500));
                })
                .build();
        final Routes twilio = Routes.builder()
                .unauthenticated(HttpMethod.POST, "/twilio/inbound", request -> Response.text(200, "application/xml",
                        "<Response><Message>" + request.form().get("Body") + " from " + request.form().get("From")
                                + " signed " + request.header("X-Twilio-Signature").orElse("-")
                                + " at " + request.pathAndQuery() + "</Message></Response>"))
                .unauthenticated(HttpMethod.GET, "/text", request ->
                        Response.text(200, "text/plain; version=0.0.4; charset=utf-8", "up 1\n"))
                .unauthenticated(HttpMethod.DELETE, "/nothing", request -> Response.empty(204))
                .build();
        api = HttpApi.builder().port(0).maxBodyBytes(256).routes(consent).routes(twilio).build().start();
        client = new TestClient(api);
    }

    @AfterEach
    void stop() {
        api.stop(Duration.ofSeconds(1));
    }

    @Test
    void routesFromSeveralAppsAreServedOnOnePort() throws Exception {
        final HttpResponse<String> echo = client.get("/v1/tenants/acme/clients/c%2D1/echo?view=full");
        final HttpResponse<String> twiml = client.send("POST", "/twilio/inbound", "Body=STOP&From=%2B15550100",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(mapper.readTree(echo.body())).isEqualTo(mapper.readTree(
                "{\"tenant\":\"acme\",\"client\":\"c-1\",\"view\":\"full\",\"principal\":\"AuthDisabled\"}"));
        assertThat(twiml.statusCode()).isEqualTo(200);
        assertThat(twiml.headers().firstValue("Content-Type")).contains("application/xml");
        assertThat(twiml.body()).isEqualTo("<Response><Message>STOP from +15550100 signed - at /twilio/inbound</Message></Response>");
    }

    @Test
    void webhookHandlersSeeRawHeadersAndThePathWithItsQuery() {
        final HttpResponse<String> answer = client.send("POST", "/twilio/inbound?attempt=2&x=a%20b", "Body=HELP&From=x",
                "X-Twilio-Signature", "abc=");

        assertThat(answer.body()).contains("signed abc= at /twilio/inbound?attempt=2&x=a%20b");
    }

    @Test
    void jsonBodiesAreReadIntoRecordsAndInstantsAreWrittenAsIsoUtc() throws Exception {
        final HttpResponse<String> answer = client.send("PUT", "/v1/tenants/acme/changes",
                "{\"level\":\"MARKETING\",\"at\":\"2026-01-31T10:15:00+01:00\",\"unknownField\":true}");

        assertThat(answer.statusCode()).isEqualTo(200);
        final JsonNode body = mapper.readTree(answer.body());
        assertThat(body.get("level").asText()).isEqualTo("MARKETING");
        assertThat(body.get("at").asText()).isEqualTo("2026-01-31T09:15:00Z");
        assertThat(body.get("phone").isNull()).isTrue();
    }

    @Test
    void malformedJsonIsA400() {
        final HttpResponse<String> answer = client.send("PUT", "/v1/tenants/acme/changes", "{\"level\": ");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"MALFORMED_JSON\",\"message\":\"the request body is not valid JSON\"}");
    }

    @Test
    void anEmptyBodyWhereJsonIsExpectedIsA400() {
        assertThat(client.send("PUT", "/v1/tenants/acme/changes", "").body()).contains("MALFORMED_JSON");
    }

    @Test
    void wellFormedJsonWithAnUnknownEnumValueIsA422NamingTheField() throws Exception {
        final HttpResponse<String> answer = client.send("PUT", "/v1/tenants/acme/changes", "{\"level\":\"GOLD\"}");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(mapper.readTree(answer.body()).get("message").asText())
                .isEqualTo("field 'level' must be one of BASIC_TRANSACTIONAL, MARKETING");
    }

    @Test
    void aFieldOfTheWrongTypeIsA422() {
        final HttpResponse<String> answer = client.send("PUT", "/v1/tenants/acme/changes", "{\"at\":[1,2]}");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("INVALID_REQUEST").contains("field 'at'").doesNotContain("java");
    }

    @Test
    void anApiExceptionFromARecordConstructorIsAnsweredAsIs() {
        final HttpResponse<String> answer = client.send("PUT", "/v1/tenants/acme/changes", "{\"phone\":\"0151\"}");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo("{\"error\":\"INVALID_PHONE\",\"message\":\"phone must be E.164\"}");
    }

    @Test
    void unexpectedFailuresAre500sThatLeakNothing() {
        final HttpResponse<String> answer = client.get("/boom");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).startsWith("{\"error\":\"INTERNAL_ERROR\",\"message\":\"unexpected error, incident ")
                .doesNotContain("hunter2").doesNotContain("IllegalState");
    }

    @Test
    void apiExceptionsCarryTheirHeaders() {
        final HttpResponse<String> answer = client.get("/busy");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("2");
        assertThat(answer.body()).isEqualTo("{\"error\":\"STORE_NOT_READY\",\"message\":\"try later\"}");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() {
        final HttpResponse<String> missing = client.get("/v1/nothing-here");
        final HttpResponse<String> wrongMethod = client.send("POST", "/v1/tenants/acme/clients/c/echo", "{}");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"NOT_FOUND\",\"message\":\"no such resource\"}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
        assertThat(wrongMethod.body()).contains("METHOD_NOT_ALLOWED");
    }

    @Test
    void bodiesOverTheLimitAreRefusedWith413() {
        final HttpResponse<String> answer = client.send("PUT", "/v1/tenants/acme/changes",
                "{\"phone\":\"+" + "1".repeat(300) + "\"}");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void nonJsonAnswersKeepTheirContentType() {
        final HttpResponse<String> answer = client.get("/text");

        assertThat(answer.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(answer.body()).isEqualTo("up 1\n");
    }

    @Test
    void emptyAnswersHaveNoBody() {
        final HttpResponse<String> answer = client.send("DELETE", "/nothing", null);

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void anInvalidTenantIdInThePathIsA422() {
        final HttpResponse<String> answer = client.get("/v1/tenants/" + "x".repeat(65) + "/clients/c/echo");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("INVALID_TENANT_ID");
    }

    @Test
    void withoutApiKeysTheServerListensOnLoopbackOnly() {
        assertThat(api.address().getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> HttpApi.builder().port(0).bindHost("0.0.0.0").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void conflictingRoutesFromTwoAppsAreRefusedWhenBuilding() {
        final Routes a = Routes.builder().unauthenticated(HttpMethod.GET, "/health", request -> Response.empty(200)).build();
        final Routes b = Routes.builder().unauthenticated(HttpMethod.GET, "/health", request -> Response.empty(200)).build();

        assertThatThrownBy(() -> HttpApi.builder().routes(a).routes(b).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conflicting routes: GET /health");
    }
}
