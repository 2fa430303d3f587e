package io.optgate.dispatcher.twilio;

import io.optgate.testing.twilio.TwilioSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.runner.AppRunner;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherTopics;
import io.optgate.dispatcher.quiet.ShiftableClock;
import io.optgate.platform.config.Env;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, quiet hours, on the real broker with the Twilio stand-in and a clock the test moves:
 * at 22:30 in New York a marketing text to a New York number is decided SEND and held (its status
 * says HELD_QUIET_HOURS with the release time), and goes to Twilio once the clock reads 8:00; one
 * whose number replies STOP while it waits is cancelled by the sender's send-time check; one that
 * expires before 8:00 is cancelled at once and never reaches Twilio.
 */
@RealKafka
class QuietHoursBrokerTest {

    static final String TENANT = "vet-quiet";
    static final String PRACTICE_NUMBER = "+15005550079";
    /** New York numbers (area code 212). */
    static final String PHONE_1 = "+12125550101";
    static final String PHONE_2 = "+12125550102";
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final String ACCOUNT_SID = "AC0000000000000000000000000000a0e1";
    static final String AUTH_TOKEN = "quiet-edge-token";
    static final String PUBLIC_URL = "https://optgate.example.com";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String registryScope = "twilio-quiet-" + run;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient client = HttpClient.newHttpClient();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    @Test
    void aMarketingTextAtNightIsHeldUntil8AndAStopOrItsExpiryWhileItWaitsKeepsItFromGoing(final KafkaCluster kafka)
            throws Exception {
        final ZonedDateTime evening = nextLocal(LocalTime.of(22, 30));
        final ShiftableClock clock = new ShiftableClock();
        clock.setTo(evening.toInstant());

        final TwilioStandIn twilio = TwilioStandIn.start(TwilioOpenApi.load(), ACCOUNT_SID, AUTH_TOKEN);
        toClose.add(twilio);
        final Env env = Env.of(env(kafka, twilio.baseUrl()));
        final DispatcherConfig fromEnv = DispatcherConfig.from(env);
        final DispatcherConfig config = fromEnv.withTuning(fromEnv.tuning().withWallClock(clock));
        try (Admin admin = kafka.createAdmin()) {
            DispatcherTopics.provision(admin, config);
        }
        final ContractTopics topics = new ContractTopics(config.topics(),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
        kafka.createTopic(topics.consentPhoneEvents().name(), 2); // consent-streams' topic, which it creates
        PracticeOnBroker.publish(kafka, topics, TENANT, PRACTICE_NUMBER, "client-1", PHONE_1, SmsLevel.MARKETING);
        publishMarketingClient(kafka, topics, "client-2", PHONE_2);

        final Metrics metrics = Metrics.prometheus();
        toClose.add(metrics);
        final AppRunner dispatcher = AppRunner.create(DispatcherApp.of(config), metrics);
        toClose.add(dispatcher);
        final HttpApi http = HttpApi.builder().port(0).routes(dispatcher.routes()).build().start();
        toClose.add(http);
        dispatcher.start();

        final Instant eight = evening.plusDays(1).with(LocalTime.of(8, 0)).toInstant();
        try (KafkaProducer<String, MessageRequest> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), topics.messageRequests().valueSerde().serializer())) {
            producer.send(record(topics, text("held-1", "client-1", PHONE_1, null)));
            producer.send(record(topics, text("held-2", "client-2", PHONE_2, null)));
            producer.send(record(topics, text("expiring", "client-1", PHONE_1, clock.instant().plus(Duration.ofHours(1)))));
            producer.flush();
        }

        final JsonNode held = await().atMost(PATIENCE).until(() -> message(http, "held-1"),
                body -> body != null && body.path("delivery").path("status").asText().equals("HELD_QUIET_HOURS"));
        assertThat(held.path("verdict").asText()).isEqualTo("SEND");
        assertThat(Instant.parse(held.path("delivery").path("releaseAt").asText())).isEqualTo(eight);
        await().atMost(PATIENCE).until(() -> message(http, "held-2"),
                body -> body != null && body.path("delivery").path("status").asText().equals("HELD_QUIET_HOURS"));
        final JsonNode expired = await().atMost(PATIENCE).until(() -> message(http, "expiring"),
                body -> body != null && body.path("delivery").path("status").asText().equals("CANCELLED"));
        assertThat(expired.path("delivery").path("errorCode").asText()).isEqualTo("REQUEST_EXPIRED");

        assertThat(postSigned(http, "/twilio/inbound", inbound(PHONE_2, "STOP")).statusCode()).isEqualTo(200);
        assertThat(message(http, "held-1").path("delivery").path("status").asText())
                .as("still held at night").isEqualTo("HELD_QUIET_HOURS");
        assertThat(twilio.received()).as("nothing posted at night").isEmpty();

        clock.setTo(eight.plusSeconds(1));
        await().atMost(PATIENCE).until(() -> message(http, "held-1"),
                body -> body != null && List.of("QUEUED", "SENT", "DELIVERED").contains(body.path("delivery").path("status").asText()));
        final JsonNode stopped = await().atMost(PATIENCE).until(() -> message(http, "held-2"),
                body -> body != null && body.path("delivery").path("status").asText().equals("CANCELLED"));
        assertThat(stopped.path("delivery").path("errorCode").asText()).isEqualTo("PHONE_SUPPRESSED");
        assertThat(twilio.received()).as("only held-1 went to Twilio, in the morning")
                .extracting(received -> received.form().get("To")).containsExactly(PHONE_1);
    }

    /** The next time the New York clock reads {@code local}, at least a minute away from the day's edges. */
    private static ZonedDateTime nextLocal(final LocalTime local) {
        final ZonedDateTime now = ZonedDateTime.now(NEW_YORK);
        final ZonedDateTime today = now.with(local);
        return today.isAfter(now) ? today : today.plusDays(1);
    }

    private static MessageRequest text(final String requestId, final String clientId, final String to, final Instant expiresAt) {
        return MessageRequest.newBuilder().setRequestId(requestId).setTenantId(TENANT).setClientId(clientId)
                .setTo(to).setChannel(Channel.SMS).setCategory(Category.MARKETING).setBody("Spring offer")
                .setRequestedAt(Instant.now()).setExpiresAt(expiresAt).build();
    }

    private static ProducerRecord<String, MessageRequest> record(final ContractTopics topics, final MessageRequest request) {
        return new ProducerRecord<>(topics.messageRequests().name(),
                Identifiers.clientKey(request.getTenantId(), request.getClientId()), request);
    }

    private static void publishMarketingClient(final KafkaCluster kafka, final ContractTopics topics,
                                               final String clientId, final String phone) throws Exception {
        final Instant before = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<String, ConsentState> consent = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), topics.consentState().valueSerde().serializer())) {
            consent.send(new ProducerRecord<>(topics.consentState().name(), null, before.toEpochMilli(),
                    Identifiers.clientKey(TENANT, clientId), ConsentState.newBuilder().setTenantId(TENANT)
                    .setClientId(clientId).setPhone(phone).setLevel(SmsLevel.MARKETING)
                    .setPhoneSuppressed(false).setPreferences(Map.of()).setUpdatedAt(before)
                    .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(1L).build())).get();
        }
    }

    private Map<String, String> env(final KafkaCluster kafka, final URI twilioBase) {
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("qh-" + run + "."));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_APPLICATION_ID", "twilio-quiet-" + run);
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("SCHEMA_REGISTRY_URL", "mock://" + registryScope);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put("OPTGATE_PUBLIC_URL", PUBLIC_URL);
        env.put(DispatcherConfig.GRACE, "PT0.2S");
        // No consent-streams runs here: the test writes its inputs and outputs itself, so nothing would wait for it.
        env.put(DispatcherConfig.CONSENT_MAX_WAIT, "off");
        env.put("OPTGATE_TOPIC_PARTITIONS", "2");
        env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        env.put("TWILIO_API_BASE_URL", twilioBase.toString());
        return env;
    }

    private JsonNode message(final HttpApi http, final String requestId) throws Exception {
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                http.baseUri().resolve("/v1/tenants/" + TENANT + "/messages/" + requestId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private HttpResponse<String> postSigned(final HttpApi http, final String pathAndQuery,
                                            final Map<String, String> form) throws Exception {
        final String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(URI.create(http.baseUri() + pathAndQuery))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", TwilioSignature.of(AUTH_TOKEN, PUBLIC_URL + pathAndQuery, form))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> inbound(final String from, final String body) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM0000000000000000000000000000a0e1");
        form.put("AccountSid", ACCOUNT_SID);
        form.put("From", from);
        form.put("To", PRACTICE_NUMBER);
        form.put("Body", body);
        return form;
    }
}
