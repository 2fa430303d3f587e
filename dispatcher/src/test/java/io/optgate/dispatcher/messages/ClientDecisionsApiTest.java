package io.optgate.dispatcher.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.Json;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.http.query.KeyOwner;
import io.optgate.platform.http.query.KeyOwnerLookup;
import io.optgate.platform.http.query.OwnerForwarder;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DecidingConsent;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ClientDecisionsApiTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final ObjectMapper mapper = Json.newObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<String> locatedKeys = new CopyOnWriteArrayList<>();
    private HttpApi server;

    @BeforeEach
    void start() {
        final KeyOwnerLookup alwaysHere = new KeyOwnerLookup() {
            @Override
            public <K> KeyOwner locate(final String store, final K key, final Serializer<K> keySerializer) {
                locatedKeys.add(store + " " + key);
                return new KeyOwner.Local(3);
            }
        };
        final ClientDecisionsLookup lookup = (partition, clientKey, since, until, limit) -> {
            asked.add(partition + " " + clientKey + " " + since + " " + until + " " + limit);
            return List.of(decision("r-2", Verdict.DROP, DecisionReason.OPTED_OUT), decision("r-1", Verdict.SEND, DecisionReason.ELIGIBLE));
        };
        final ClientDecisionsApi api = new ClientDecisionsApi(new InteractiveQueries(alwaysHere, OwnerForwarder.create()), lookup,
                Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));
        server = HttpApi.builder().port(0).routes(api.routes()).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(final HttpResponse<String> response) throws Exception {
        return mapper.readTree(response.body());
    }

    @Test
    void theClientsDecisionsAreAnsweredFromThePartitionThatJudgesTheClient() throws Exception {
        final HttpResponse<String> response = get("/v1/tenants/vet1/clients/c1/decisions");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(locatedKeys).containsExactly("dispatcher.request-ids vet1:c1");
        assertThat(asked).containsExactly("3 vet1:c1 2026-02-22T10:00:00Z 2026-03-01T10:00:00Z 20");
        final JsonNode body = json(response);
        assertThat(body.get("clientId").asText()).isEqualTo("c1");
        assertThat(body.get("since").asText()).isEqualTo("2026-02-22T10:00:00Z");
        assertThat(body.get("decisions")).hasSize(2);
        final JsonNode first = body.get("decisions").get(0);
        assertThat(first.get("requestId").asText()).isEqualTo("r-2");
        assertThat(first.get("verdict").asText()).isEqualTo("DROP");
        assertThat(first.get("reason").asText()).isEqualTo("OPTED_OUT");
        assertThat(first.get("category").asText()).isEqualTo("MARKETING");
        assertThat(first.get("decidedBy").asText()).isEqualTo("SMS_OPT_IN");
        assertThat(response.body()).doesNotContain("\"to\"", "\"body\"", "+1555");
    }

    @Test
    void theLimitIsTakenFromTheQueryAndBounded() throws Exception {
        assertThat(get("/v1/tenants/vet1/clients/c1/decisions?limit=5").statusCode()).isEqualTo(200);
        assertThat(asked).singleElement().asString().endsWith(" 5");

        for (final String bad : List.of("0", "101", "many", "-1")) {
            final HttpResponse<String> response = get("/v1/tenants/vet1/clients/c1/decisions?limit=" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_LIMIT");
            assertThat(json(response).get("message").asText()).contains("1 to 100");
        }
        assertThat(asked).hasSize(1);
    }

    @Test
    void anInvalidClientIdIsExplainedAndNothingIsRead() throws Exception {
        final HttpResponse<String> response = get("/v1/tenants/vet1/clients/a%7Cb/decisions");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("error").asText()).isEqualTo("INVALID_CLIENT_ID");
        assertThat(asked).isEmpty();
        assertThat(locatedKeys).isEmpty();
    }

    private static DispatchDecision decision(final String requestId, final Verdict verdict, final DecisionReason reason) {
        return DispatchDecision.newBuilder()
                .setRequestId(requestId).setTenantId("vet1").setClientId("c1")
                .setVerdict(verdict).setReason(reason)
                .setCategory(Category.MARKETING).setChannel(Channel.SMS)
                .setConsentLevel(SmsLevel.MARKETING).setConsentVersion(4L).setDecidedBy(DecidingConsent.SMS_OPT_IN)
                .setRequestedAt(NOW.minusSeconds(60)).setDecidedAt(NOW.minusSeconds(59)).build();
    }
}
