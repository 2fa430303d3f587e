package io.optgate.dispatcher.twilio;

import io.optgate.testing.twilio.TwilioSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.runner.AppRunner;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherTopics;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * Issue 11, "queued texts": Twilio answers slowly (1 s per POST), 40 texts wait for one number, and
 * the client replies STOP. Once the signed webhook is answered 200, at most the texts already in
 * flight to Twilio (TWILIO_MAX_CONCURRENCY) may still go; every other one is CANCELLED with the
 * reason, and the messages API says so. No consent-streams runs here: the sender must see the STOP
 * on the raw phone-events topic itself.
 */
@RealKafka
class StopCancelsQueuedTextsBrokerTest {

    static final String TENANT = "vet-stop";
    static final String PRACTICE_NUMBER = "+15005550078";
    static final String CLIENT_PHONE = "+15557770002";
    static final String ACCOUNT_SID = "AC0000000000000000000000000000d15b";
    static final String AUTH_TOKEN = "stop-edge-token";
    static final String PUBLIC_URL = "https://optgate.example.com";
    static final int MAX_CONCURRENCY = 4;
    static final int TEXTS = 40;
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String registryScope = "twilio-stop-" + run;
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
    void afterAStopIsAnsweredOnlyTheTextsInFlightStillGo(final KafkaCluster kafka) throws Exception {
        final TwilioStandIn twilio = TwilioStandIn.start(TwilioOpenApi.load(), ACCOUNT_SID, AUTH_TOKEN);
        toClose.add(twilio);
        twilio.respondWith(request -> {
            try {
                // The setting: Twilio takes 1 s per POST, so most of the 40 texts are still queued at the STOP.
                Thread.sleep(1_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TwilioStandIn.Reply.created();
        });
        final Env env = Env.of(env(kafka, twilio.baseUrl()));
        final DispatcherConfig config = DispatcherConfig.from(env);
        try (Admin admin = kafka.createAdmin()) {
            DispatcherTopics.provision(admin, config);
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
            for (int i = 0; i < TEXTS; i++) {
                producer.send(new ProducerRecord<>(topics.messageRequests().name(), TENANT + ":client-1",
                        MessageRequest.newBuilder().setRequestId("q-" + i).setTenantId(TENANT).setClientId("client-1")
                                .setTo(CLIENT_PHONE).setChannel(Channel.SMS).setCategory(Category.BASIC_TRANSACTIONAL)
                                .setBody("Reminder " + i).setRequestedAt(Instant.now()).build()));
            }
            producer.flush();
        }
        await().atMost(PATIENCE).until(() -> twilio.received().size() >= MAX_CONCURRENCY);

        final HttpResponse<String> stop = postSigned(http, "/twilio/inbound", inbound("STOP"));
        assertThat(stop.statusCode()).isEqualTo(200);
        final int postedBeforeTheAnswer = twilio.received().size();

        final String updates = TwilioEdge.updatesTopic(config.topics());
        await().atMost(PATIENCE).until(() -> outcomes(kafka, topics, updates).size() == TEXTS);
        final int postedAfterTheAnswer = twilio.received().size() - postedBeforeTheAnswer;
        final Map<String, DeliveryEvent> outcomes = outcomes(kafka, topics, updates);
        final List<DeliveryEvent> cancelled = outcomes.values().stream()
                .filter(e -> e.getStatus() == DeliveryStatus.CANCELLED).toList();
        assertThat(postedAfterTheAnswer)
                .as("texts handed to Twilio after the STOP was answered (%d of %d were posted before)",
                        postedBeforeTheAnswer, TEXTS)
                .isLessThanOrEqualTo(MAX_CONCURRENCY);
        assertThat(cancelled).hasSize(TEXTS - twilio.received().size());
        assertThat(cancelled).allSatisfy(e -> assertThat(e.getErrorCode()).isEqualTo("PHONE_SUPPRESSED"));

        final String lastId = "q-" + (TEXTS - 1);
        final JsonNode last = await().atMost(PATIENCE).until(() -> message(http, lastId),
                body -> body != null && body.path("delivery").path("status").asText().equals("CANCELLED"));
        assertThat(last.path("verdict").asText()).as("the decision stays").isEqualTo("SEND");
        assertThat(last.path("delivery").path("errorCode").asText()).isEqualTo("PHONE_SUPPRESSED");
        assertThat(metrics.registry().counter("optgate.twilio.sender.outcomes", "outcome", "cancelled").count())
                .isEqualTo(cancelled.size());
    }

    private Map<String, String> env(final KafkaCluster kafka, final URI twilioBase) {
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("st-" + run + "."));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_APPLICATION_ID", "twilio-stop-" + run);
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
        env.put("TWILIO_MAX_CONCURRENCY", String.valueOf(MAX_CONCURRENCY));
        env.put("TWILIO_MAX_MPS", "50");
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

    private static Map<String, String> inbound(final String body) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM0000000000000000000000000000d15b");
        form.put("AccountSid", ACCOUNT_SID);
        form.put("From", CLIENT_PHONE);
        form.put("To", PRACTICE_NUMBER);
        form.put("Body", body);
        return form;
    }

    /** The latest sender outcome per requestId, from the delivery-status gate's input. */
    private static Map<String, DeliveryEvent> outcomes(final KafkaCluster kafka, final ContractTopics topics,
                                                       final String updates) {
        final Map<String, DeliveryEvent> latest = new HashMap<>();
        for (final ConsumerRecord<String, byte[]> record : read(kafka, updates)) {
            final DeliveryEvent event = topics.dispatchDeliveries().valueSerde().deserializer()
                    .deserialize(record.topic(), record.value());
            latest.put(event.getRequestId(), event);
        }
        return latest;
    }

    private static List<ConsumerRecord<String, byte[]>> read(final KafkaCluster kafka, final String topic) {
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumerConfig("reader-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
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
