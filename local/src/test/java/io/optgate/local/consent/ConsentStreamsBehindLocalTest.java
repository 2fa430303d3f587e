package io.optgate.local.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A STOP that reached Kafka before a request wins however far behind consent-streams is: with
 * consent-streams stopped the request is held (not sent on the consent of before the STOP), once it
 * is back the STOP decides; with it committing slowly the request waits for the commit; and when it
 * stays away longer than the bound the request is CONSENT_STALE, never sent. Both apps are the real
 * ones on a real broker; the STOPs are written to {@code consent.phone-events} as the Twilio edge
 * writes them.
 */
@RealKafka
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsentStreamsBehindLocalTest {

    private static final String TENANT = "vet-behind";
    /** Long enough for a restart of consent-streams on a busy machine, short enough for the test. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(25);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ACTOR = "\"actor\": {\"type\": \"STAFF\", \"id\": \"u-1\"}";

    @TempDir
    Path dataDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void aStopBeforeARequestWinsWhileConsentStreamsIsStoppedSlowOrGoneForGood(final KafkaCluster kafka) throws Exception {
        final Running consent = startConsentStreams(kafka, Map.of());
        final Running dispatcher = startDispatcher(kafka);
        setUpClient(consent, "c-1", "+15550201001");
        setUpClient(consent, "c-2", "+15550201002");
        setUpClient(consent, "c-3", "+15550201003");
        post(dispatcher, "r-1", "c-1", "+15550201001");
        assertThat(decision(dispatcher, "r-1").path("verdict").asText()).as("consent current: sent").isEqualTo("SEND");

        // Stopped: the STOP reaches consent-streams' input while it is down, then a text for that number.
        consent.close();
        stop(kafka, "+15550201001");
        post(dispatcher, "r-2", "c-1", "+15550201001");
        Thread.sleep(3_000);
        assertThat(status(dispatcher, "r-2")).as("held while consent-streams is down, not judged on the consent before the STOP")
                .isEqualTo(404);

        // Restarted: it applies the STOP, and the held text is decided by it.
        final Running restarted = startConsentStreams(kafka, Map.of());
        final JsonNode held = decision(dispatcher, "r-2");
        assertThat(held.path("verdict").asText()).isEqualTo("DROP");
        assertThat(held.path("reason").asText()).isIn("PHONE_SUPPRESSED", "OPTED_OUT");

        // Slow: consent-streams commits only every 4 s; a text right after a STOP waits for that commit.
        restarted.close();
        final Running slow = startConsentStreams(kafka, Map.of("KAFKA_COMMIT_INTERVAL_MS", "4000"));
        stop(kafka, "+15550201002");
        post(dispatcher, "r-3", "c-2", "+15550201002");
        final JsonNode waited = decision(dispatcher, "r-3");
        assertThat(waited.path("verdict").asText()).isEqualTo("DROP");
        assertThat(waited.path("reason").asText()).isIn("PHONE_SUPPRESSED", "OPTED_OUT");

        // Gone for good: after the bound the text is CONSENT_STALE, not sent.
        slow.close();
        stop(kafka, "+15550209999"); // any consent input that consent-streams does not apply
        post(dispatcher, "r-4", "c-3", "+15550201003");
        final JsonNode stale = decision(dispatcher, "r-4");
        assertThat(stale.path("verdict").asText()).isEqualTo("DROP");
        assertThat(stale.path("reason").asText()).isEqualTo("CONSENT_STALE");
        assertThat(stale.path("detail").asText()).contains("consent-streams");
    }

    // ---------------------------------------------------------------------------------------------

    /** An app and the HTTP server in front of it. */
    private record Running(AppRunner app, HttpApi server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            app.close();
        }
    }

    private Map<String, String> env(final KafkaCluster kafka, final String app) {
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("behind-" + run + "."));
        env.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(CommonConfig.SCHEMA_REGISTRY_URL, "mock://behind-" + run);
        env.put(CommonConfig.DATA_DIR, dataDir.resolve(app).toString());
        env.put(CommonConfig.TOPIC_PARTITIONS, "2");
        env.put("KAFKA_APPLICATION_ID", app + "-" + run);
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        return env;
    }

    private Running startConsentStreams(final KafkaCluster kafka, final Map<String, String> extra) {
        final Map<String, String> env = env(kafka, "consent");
        env.putAll(extra);
        return start(AppRunner.create(ConsentStreamsApp.fromEnv(Env.of(env)), Metrics.prometheus()));
    }

    private Running startDispatcher(final KafkaCluster kafka) {
        final Map<String, String> env = env(kafka, "dispatcher");
        env.put(DispatcherConfig.CONSENT_APPLICATION_ID, "consent-" + run);
        env.put(DispatcherConfig.CONSENT_MAX_WAIT, MAX_WAIT.toString());
        return start(AppRunner.create(DispatcherApp.withoutTwilioEdge(DispatcherConfig.from(Env.of(env))), Metrics.prometheus()));
    }

    private Running start(final AppRunner app) {
        final HttpApi server = HttpApi.builder().port(0).routes(app.routes()).build().start();
        app.start();
        final Running running = new Running(app, server);
        toClose.add(running);
        return running;
    }

    private void setUpClient(final Running consent, final String clientId, final String phone) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> send(consent, "PUT",
                "/v1/tenants/" + TENANT + "/clients/" + clientId + "/sms-consent",
                "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"" + phone + "\", " + ACTOR + "}").statusCode() == 200);
    }

    /** A STOP as the Twilio edge writes it. */
    private void stop(final KafkaCluster kafka, final String phone) throws Exception {
        final ContractTopics topics = new ContractTopics(TopicNames.fromEnv(TopicNames.prefixedVariables("behind-" + run + ".")),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://behind-" + run)));
        try (KafkaProducer<String, PhoneConsentEvent> producer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                topics.consentPhoneEvents().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.consentPhoneEvents().name(), TENANT + ":" + phone,
                    PhoneConsentEvent.newBuilder().setEventId("stop-" + UUID.randomUUID()).setTenantId(TENANT).setPhone(phone)
                            .setOccurredAt(Instant.now()).setKind(PhoneConsentKind.OPT_OUT).setKeyword("STOP").build())).get(30, TimeUnit.SECONDS);
        }
    }

    private void post(final Running dispatcher, final String requestId, final String clientId, final String to) throws Exception {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> send(dispatcher, "POST", "/v1/tenants/" + TENANT + "/messages",
                "{\"requestId\": \"" + requestId + "\", \"clientId\": \"" + clientId + "\", \"to\": \"" + to
                        + "\", \"channel\": \"SMS\", \"category\": \"BASIC_TRANSACTIONAL\", \"body\": \"Rex is due\"}").statusCode() == 202);
    }

    private int status(final Running dispatcher, final String requestId) throws Exception {
        return send(dispatcher, "GET", "/v1/tenants/" + TENANT + "/messages/" + requestId, null).statusCode();
    }

    private JsonNode decision(final Running dispatcher, final String requestId) throws Exception {
        final HttpResponse<String> answer = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> send(dispatcher, "GET", "/v1/tenants/" + TENANT + "/messages/" + requestId, null),
                        response -> response.statusCode() == 200);
        return json.readTree(answer.body());
    }

    private HttpResponse<String> send(final Running app, final String method, final String path, final String body) throws Exception {
        final URI uri = app.server().baseUri().resolve(path);
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
