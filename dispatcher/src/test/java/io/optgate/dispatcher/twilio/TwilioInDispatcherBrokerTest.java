package io.optgate.dispatcher.twilio;

import io.optgate.testing.twilio.TwilioSignature;
import io.optgate.platform.config.CommonConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.runner.AppRunner;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherTopics;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * The Twilio edge plugged into the real dispatcher app: a request for a consenting client is
 * decided, sent to the Twilio stand-in from the practice's number, and its status — QUEUED, then
 * DELIVERED from a signed callback, never moved back by a late one — is what
 * {@code GET /v1/tenants/{t}/messages/{requestId}} answers; a signed STOP becomes a phone event.
 */
@RealKafka
class TwilioInDispatcherBrokerTest {

    static final String TENANT = "vet-tw";
    static final String PRACTICE_NUMBER = "+15005550077";
    static final String CLIENT_PHONE = "+15557770001";
    static final String ACCOUNT_SID = "AC0000000000000000000000000000d15a";
    static final String AUTH_TOKEN = "dispatcher-edge-token";
    static final String PUBLIC_URL = "https://optgate.example.com";
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String registryScope = "twilio-dispatcher-" + run;
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
    void aRequestIsSentThroughTwilioAndItsDeliveryIsWhatTheMessagesApiAnswers(final KafkaCluster kafka) throws Exception {
        final TwilioStandIn twilio = TwilioStandIn.start(TwilioOpenApi.load(), ACCOUNT_SID, AUTH_TOKEN);
        toClose.add(twilio);
        final Env env = Env.of(env(kafka, twilio.baseUrl()));
        final DispatcherConfig config = DispatcherConfig.from(env);
        try (Admin admin = kafka.createAdmin()) {
            DispatcherTopics.provision(admin, config);
            assertThat(admin.listTopics().names().get()).contains(TwilioEdge.ledgerTopic(config.topics()),
                    TwilioEdge.updatesTopic(config.topics()));
        }
        final ContractTopics topics = new ContractTopics(config.topics(),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
        kafka.createTopic(topics.consentPhoneEvents().name(), 2); // consent-streams' topic, which it creates
        PracticeOnBroker.publish(kafka, topics, TENANT, PRACTICE_NUMBER, "client-1", CLIENT_PHONE);

        final Metrics metrics = Metrics.prometheus();
        toClose.add(metrics);
        final AppRunner dispatcher = AppRunner.create(DispatcherApp.of(config), metrics);
        toClose.add(dispatcher);
        final HttpApi http = HttpApi.builder().port(0).routes(dispatcher.routes()).build().start();
        toClose.add(http);
        dispatcher.start();

        try (KafkaProducer<String, MessageRequest> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), topics.messageRequests().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.messageRequests().name(), TENANT + ":client-1",
                    MessageRequest.newBuilder().setRequestId("rx-1").setTenantId(TENANT).setClientId("client-1")
                            .setTo(CLIENT_PHONE).setChannel(Channel.SMS).setCategory(Category.BASIC_TRANSACTIONAL)
                            .setBody("Your prescription is ready for collection.").setRequestedAt(Instant.now())
                            .build())).get();
        }

        // Decided, sent from the practice's number, recorded QUEUED with Twilio's SID.
        final JsonNode queued = await().atMost(PATIENCE).until(() -> message(http, "rx-1"),
                body -> body != null && body.path("delivery").path("status").asText().equals("QUEUED"));
        assertThat(queued.path("verdict").asText()).isEqualTo("SEND");
        final TwilioStandIn.Received sent = twilio.received().get(0);
        assertThat(sent.form()).containsEntry("From", PRACTICE_NUMBER).containsEntry("To", CLIENT_PHONE);
        assertThat(sent.violations()).isEmpty();
        assertThat(twilio.requestsFor("rx-1")).isEqualTo(1);
        final String sid = queued.path("delivery").path("providerMessageId").asText();
        assertThat(sid).matches("SM[0-9a-f]{32}");

        // Twilio reports delivered, then a late "sent": the API says DELIVERED and stays there.
        final String callback = sent.form().get("StatusCallback").substring(PUBLIC_URL.length());
        assertThat(postSigned(http, callback, status(sid, "delivered")).statusCode()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> message(http, "rx-1"),
                body -> body.path("delivery").path("status").asText().equals("DELIVERED"));
        assertThat(postSigned(http, callback, status(sid, "sent")).statusCode()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> read(kafka, TwilioEdge.updatesTopic(config.topics())).size() == 3);
        kafka.awaitNoLag(env.asMap().get("KAFKA_APPLICATION_ID"), PATIENCE);
        assertThat(message(http, "rx-1").path("delivery").path("status").asText()).isEqualTo("DELIVERED");

        // The client texts STOP to the practice's number: a phone event for that practice.
        final HttpResponse<String> stop = postSigned(http, "/twilio/inbound", inbound("STOP"));
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).contains("<Message>You are unsubscribed from this number");
        final List<PhoneConsentEvent> phoneEvents = read(kafka, topics.consentPhoneEvents().name()).stream()
                .map(r -> topics.consentPhoneEvents().valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .toList();
        assertThat(phoneEvents).extracting(PhoneConsentEvent::getKind).containsExactly(PhoneConsentKind.OPT_OUT);
        assertThat(phoneEvents.get(0).getTenantId()).isEqualTo(TENANT);

        assertThat(dispatcher.healthChecks()).extracting(HealthCheck::name).contains("twilio-sender");
        assertThat(dispatcher.healthChecks()).filteredOn(check -> check.name().equals("twilio-sender"))
                .allMatch(check -> check.status().up());
    }

    private Map<String, String> env(final KafkaCluster kafka, final URI twilioBase) {
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("tw-" + run + "."));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_APPLICATION_ID", "twilio-dispatcher-" + run);
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("SCHEMA_REGISTRY_URL", "mock://" + registryScope);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put("OPTGATE_PUBLIC_URL", PUBLIC_URL);
        env.put(DispatcherConfig.GRACE, "PT0.2S");
        // No consent-streams runs here: the test writes its inputs and outputs itself, so nothing would wait for it.
        env.put(DispatcherConfig.CONSENT_MAX_WAIT, "off");
        env.put(CommonConfig.TOPIC_PARTITIONS, "2");
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

    private static Map<String, String> status(final String sid, final String status) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", ACCOUNT_SID);
        form.put("From", PRACTICE_NUMBER);
        form.put("To", CLIENT_PHONE);
        return form;
    }

    private static Map<String, String> inbound(final String body) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM0000000000000000000000000000d15a");
        form.put("AccountSid", ACCOUNT_SID);
        form.put("From", CLIENT_PHONE);
        form.put("To", PRACTICE_NUMBER);
        form.put("Body", body);
        return form;
    }

    private static List<ConsumerRecord<String, byte[]>> read(final KafkaCluster kafka, final String topic) {
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumerConfig("reader-" + UUID.randomUUID()),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}
