package io.optgate.dispatcher.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.dispatcher.status.MessageStatus;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.Json;
import io.optgate.platform.http.query.AllInstances;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.http.query.KeyOwner;
import io.optgate.platform.http.query.KeyOwnerLookup;
import io.optgate.platform.http.query.OwnerForwarder;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.HostInfo;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DecidingConsent;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesApiTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final List<Map.Entry<String, MessageRequest>> published = new CopyOnWriteArrayList<>();
    private final Map<String, MessageStatus> statuses = new ConcurrentHashMap<>();
    /** The other instance's part: the judge of some clients ran there. */
    private final Map<String, MessageStatus> statusesOnOther = new ConcurrentHashMap<>();
    /** Deliveries held here whose decision is not (the delivery key and the client's partition differ). */
    private final Map<String, DeliveryEvent> deliveriesOnly = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = Json.newObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile boolean brokerDown;
    private HttpApi server;
    private HttpApi other;

    @BeforeEach
    void start() {
        final RequestPublisher publisher = (key, request) -> {
            if (brokerDown) {
                throw new RequestPublisher.PublishFailedException("broker down", null);
            }
            published.add(Map.entry(key, request));
        };
        other = instance(publisher, statusesOnOther, Map.of(), List.of()).start();
        server = instance(publisher, statuses, deliveriesOnly, List.of(new HostInfo("127.0.0.1", other.port()))).start();
    }

    /**
     * One instance: it holds every delivery key, and {@code statuses} are its part of the judge's
     * stores (the decisions) and its deliveries.
     */
    private static HttpApi instance(final RequestPublisher publisher, final Map<String, MessageStatus> statuses,
                                    final Map<String, DeliveryEvent> deliveries, final List<HostInfo> others) {
        final MessageStatusLookup lookup = new MessageStatusLookup() {
            @Override
            public Optional<DispatchDecision> decision(final String tenantId, final String requestId) {
                return Optional.ofNullable(statuses.get(tenantId + ":" + requestId)).map(MessageStatus::decision);
            }

            @Override
            public Optional<DeliveryEvent> delivery(final int partition, final String tenantId, final String requestId) {
                return Optional.ofNullable(statuses.get(tenantId + ":" + requestId)).flatMap(MessageStatus::delivery)
                        .or(() -> Optional.ofNullable(deliveries.get(tenantId + ":" + requestId)));
            }
        };
        final KeyOwnerLookup alwaysHere = new KeyOwnerLookup() {
            @Override
            public <K> KeyOwner locate(final String store, final K key, final Serializer<K> keySerializer) {
                return new KeyOwner.Local(0);
            }
        };
        final InteractiveQueries queries = new InteractiveQueries(alwaysHere, OwnerForwarder.create());
        final AllInstances instances = new AllInstances(store -> Optional.of(new AllInstances.Placement(true, others)),
                OwnerForwarder.create());
        final MessagesApi api = new MessagesApi(publisher, queries, instances, lookup, Clock.fixed(NOW, ZoneOffset.UTC));
        return HttpApi.builder().port(0).bindHost("127.0.0.1").routes(api.routes()).build();
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private HttpResponse<String> post(final String tenant, final String json, final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve("/v1/tenants/" + tenant + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(final HttpResponse<String> response) throws Exception {
        return mapper.readTree(response.body());
    }

    @Test
    void aValidRequestIsPublishedUnderItsClientKeyAndAccepted() throws Exception {
        final HttpResponse<String> response = post("vet1", """
                {"requestId": "r-1", "clientId": "c1", "to": "+15550001111", "channel": "SMS",
                 "category": "FULL_TRANSACTIONAL", "body": "Refill due", "expiresAt": "2026-03-02T10:00:00Z"}""");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("requestId").asText()).isEqualTo("r-1");
        assertThat(published).hasSize(1);
        final MessageRequest request = published.get(0).getValue();
        assertThat(published.get(0).getKey()).isEqualTo("vet1:c1");
        assertThat(request.getTenantId()).isEqualTo("vet1");
        assertThat(request.getChannel()).isEqualTo(Channel.SMS);
        assertThat(request.getCategory()).isEqualTo(Category.FULL_TRANSACTIONAL);
        assertThat(request.getRequestedAt()).isEqualTo(NOW);
        assertThat(request.getExpiresAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(request.getSource()).isEqualTo("http");
    }

    @Test
    void aRequestWithNeitherRequestIdNorIdempotencyKeyIs400AndNothingIsPublished() throws Exception {
        final HttpResponse<String> response = post("vet1", """
                {"clientId": "c1", "to": "+15550001111", "channel": "sms", "category": "basic_transactional", "body": "Hi"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("REQUEST_ID_REQUIRED");
        assertThat(json(response).get("message").asText()).contains("requestId").contains("Idempotency-Key");
        assertThat(published).isEmpty();
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyIsTheSameRequest() throws Exception {
        final String body = """
                {"clientId": "c1", "to": "+15550001111", "channel": "SMS", "category": "BASIC_TRANSACTIONAL", "body": "Hi"}""";

        final HttpResponse<String> first = post("vet1", body, "Idempotency-Key", "upstream-42");
        final HttpResponse<String> retry = post("vet1", body, "Idempotency-Key", "upstream-42");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(json(first).get("requestId").asText()).isEqualTo("upstream-42");
        assertThat(json(retry).get("requestId").asText()).isEqualTo("upstream-42");
        assertThat(published).extracting(entry -> entry.getValue().getRequestId()).containsExactly("upstream-42", "upstream-42");
    }

    @Test
    void aRequestIdAndADifferentIdempotencyKeyAre422() throws Exception {
        final HttpResponse<String> response = post("vet1", """
                {"requestId": "r-1", "clientId": "c1", "to": "+15550001111", "channel": "SMS", "category": "MARKETING", "body": "x"}""",
                "Idempotency-Key", "r-2");
        final HttpResponse<String> same = post("vet1", """
                {"requestId": "r-1", "clientId": "c1", "to": "+15550001111", "channel": "SMS", "category": "MARKETING", "body": "x"}""",
                "Idempotency-Key", "r-1");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("Idempotency-Key");
        assertThat(same.statusCode()).isEqualTo(202);
        assertThat(published).hasSize(1);
    }

    @Test
    void anInvalidRequestIs422AndNothingIsPublished() throws Exception {
        final HttpResponse<String> badPhone = post("vet1", """
                {"requestId": "r-1", "clientId": "c1", "to": "555-1234", "channel": "SMS", "category": "MARKETING", "body": "Sale"}""");
        final HttpResponse<String> badCategory = post("vet1", """
                {"requestId": "r-2", "clientId": "c1", "to": "+15550001111", "channel": "SMS", "category": "GOSSIP", "body": "Hi"}""");
        final HttpResponse<String> emptyBody = post("vet1", """
                {"requestId": "r-3", "clientId": "c1", "to": "+15550001111", "channel": "SMS", "category": "MARKETING", "body": ""}""");
        final HttpResponse<String> badClient = post("vet1", """
                {"requestId": "r-4", "clientId": "c 1", "to": "+15550001111", "channel": "SMS", "category": "MARKETING", "body": "x"}""");

        for (final HttpResponse<String> response : List.of(badPhone, badCategory, emptyBody, badClient)) {
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(json(badPhone).get("message").asText()).contains("E.164").doesNotContain("555-1234");
        assertThat(json(badCategory).get("message").asText()).contains("MARKETING");
        assertThat(published).isEmpty();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertThat(post("vet1", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void aRequestThatCannotBeStoredIs503SoTheCallerRetries() throws Exception {
        brokerDown = true;

        final HttpResponse<String> response = post("vet1", """
                {"requestId": "r-1", "clientId": "c1", "to": "+15550001111", "channel": "SMS", "category": "MARKETING", "body": "x"}""");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theStatusOfADecidedRequestHasItsDecisionAndLatestDelivery() throws Exception {
        statuses.put("vet1:r-1", new MessageStatus(decision(), Optional.of(delivered())));

        final HttpResponse<String> response = get("/v1/tenants/vet1/messages/r-1");

        assertThat(response.statusCode()).isEqualTo(200);
        final JsonNode body = json(response);
        assertThat(body.get("requestId").asText()).isEqualTo("r-1");
        assertSentAndDelivered(body);
    }

    @Test
    void aDecidedRequestWithoutDeliveryHasNullDelivery() throws Exception {
        statuses.put("vet1:r-1", new MessageStatus(decision(), Optional.empty()));

        final JsonNode body = json(get("/v1/tenants/vet1/messages/r-1"));

        assertThat(body.get("delivery").isNull()).isTrue();
    }

    @Test
    void aRequestNotYetDecidedIs404() throws Exception {
        final HttpResponse<String> response = get("/v1/tenants/vet1/messages/r-unknown");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("NOT_DECIDED");
    }

    @Test
    void aDecisionMadeOnAnotherInstanceIsAnsweredWithTheDeliveryHeldHere() throws Exception {
        statusesOnOther.put("vet1:r-1", new MessageStatus(decision(), Optional.empty()));
        deliveriesOnly.put("vet1:r-1", delivered());

        final HttpResponse<String> response = get("/v1/tenants/vet1/messages/r-1");

        assertThat(response.statusCode()).isEqualTo(200);
        final JsonNode body = json(response);
        assertSentAndDelivered(body);
    }

    @Test
    void aDeliveryWithoutADecisionAnywhereIsNotDecided() throws Exception {
        deliveriesOnly.put("vet1:r-1", DeliveryEvent.newBuilder()
                .setRequestId("r-1").setTenantId("vet1").setClientId("c1").setProvider("twilio")
                .setProviderMessageId("SM123").setStatus(DeliveryStatus.QUEUED).setAttempt(1).setAt(NOW).build());

        final HttpResponse<String> response = get("/v1/tenants/vet1/messages/r-1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("NOT_DECIDED");
    }

    @Test
    void anotherPracticesRequestIsNotVisible() throws Exception {
        statuses.put("vet1:r-1", new MessageStatus(decision(), Optional.empty()));

        assertThat(get("/v1/tenants/vet2/messages/r-1").statusCode()).isEqualTo(404);
    }

    private static DispatchDecision decision() {
        return DispatchDecision.newBuilder()
                .setRequestId("r-1").setTenantId("vet1").setClientId("c1")
                .setVerdict(Verdict.SEND).setReason(DecisionReason.ELIGIBLE)
                .setCategory(Category.FULL_TRANSACTIONAL).setChannel(Channel.SMS)
                .setConsentLevel(SmsLevel.FULL_TRANSACTIONAL).setConsentVersion(4L).setDecidedBy(DecidingConsent.SMS_OPT_IN)
                .setRequestedAt(NOW).setDecidedAt(NOW.plusSeconds(1)).build();
    }

    private static DeliveryEvent delivered() {
        return DeliveryEvent.newBuilder()
                .setRequestId("r-1").setTenantId("vet1").setClientId("c1").setProvider("twilio")
                .setProviderMessageId("SM123").setStatus(DeliveryStatus.DELIVERED).setAttempt(1).setAt(NOW.plusSeconds(5)).build();
    }

    /** The body of {@link #decision()} with {@link #delivered()}. */
    private static void assertSentAndDelivered(final JsonNode body) {
        assertThat(body.get("verdict").asText()).isEqualTo("SEND");
        assertThat(body.get("reason").asText()).isEqualTo("ELIGIBLE");
        assertThat(body.get("decidedAt").asText()).isEqualTo("2026-03-01T10:00:01Z");
        assertThat(body.get("consentLevel").asText()).isEqualTo("FULL_TRANSACTIONAL");
        assertThat(body.get("decidedBy").asText()).isEqualTo("SMS_OPT_IN");
        assertThat(body.get("delivery").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(body.get("delivery").get("providerMessageId").asText()).isEqualTo("SM123");
    }
}
