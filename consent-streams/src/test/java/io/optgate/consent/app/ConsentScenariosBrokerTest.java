package io.optgate.consent.app;

import io.optgate.consent.http.JsonHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.platform.dlq.DeadLetters;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Category;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.optgate.consent.app.ConsentInstance.SUPPORT_KEY;
import static io.optgate.consent.app.ConsentInstance.TENANT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seeds' scenarios through the HTTP API of one instance on a real broker: phone signals arrive on
 * {@code consent.phone-events} as the Twilio webhook publishes them.
 */
@RealKafka
class ConsentScenariosBrokerTest {

    private static final String PREFIX = "scenarios-";
    private static final String REGISTRY = "consent-scenarios";
    private static final String CLIENTS = "/v1/tenants/happy-paws/clients/";
    private static final String STAFF = "\"actor\": {\"type\": \"STAFF\", \"id\": \"u-17\", \"name\": \"Dr. Jane Smith\"}";

    @TempDir
    static Path dataDir;
    private static KafkaCluster kafka;
    private static ConsentInstance consent;
    private static KafkaProducer<String, PhoneConsentEvent> phoneEvents;

    @BeforeAll
    static void start(final KafkaCluster cluster) {
        kafka = cluster;
        consent = new ConsentInstance(kafka, PREFIX, REGISTRY, dataDir, 2);
        phoneEvents = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + REGISTRY)).value(PhoneConsentEvent.class).serializer());
        await().atMost(Duration.ofSeconds(60)).until(consent::isRunning);
    }

    @AfterAll
    static void stop() {
        phoneEvents.close();
        consent.close();
        SchemaRegistryClients.dropMockScope(REGISTRY);
    }

    private static JsonHttp.Answer putLevel(final String client, final String key, final String body) {
        return consent.put(CLIENTS + client + "/sms-consent", key, body);
    }

    private static JsonNode consentOf(final String client) {
        return consent.get(CLIENTS + client + "/sms-consent", TENANT_KEY).body();
    }

    private static List<String> notesOf(final String client) {
        final List<String> texts = new ArrayList<>();
        consent.get(CLIENTS + client + "/notes", TENANT_KEY).body().path("notes").forEach(note -> texts.add(note.path("text").asText()));
        return texts;
    }

    private static void phoneSays(final String phone, final PhoneConsentKind kind, final String keyword) {
        phoneEvents.send(new ProducerRecord<>(PREFIX + TopicNames.CONSENT_PHONE_EVENTS, "happy-paws:" + phone,
                new PhoneConsentEvent(UUID.randomUUID().toString(), "happy-paws", phone, Instant.now(), kind, keyword, "SM1", null)));
        phoneEvents.flush();
    }

    @Test
    void staffSelectsFullTransactional() {
        final JsonHttp.Answer answer = putLevel("full-1", TENANT_KEY,
                "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550110001\", " + STAFF + "}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("level").asText()).isEqualTo("FULL_TRANSACTIONAL");
        assertThat(consentOf("full-1").path("version").asLong()).isEqualTo(1);
        assertThat(notesOf("full-1")).first()
                .isEqualTo("Dr. Jane Smith changed SMS opt-in from Basic Transactional to Full Transactional.");
    }

    @Test
    void marketingIsPendingUntilYesThenMarketingWithItsNotes() {
        putLevel("mkt-1", TENANT_KEY, "{\"level\": \"BASIC_TRANSACTIONAL\", \"phone\": \"+15550110002\", " + STAFF + "}");

        final JsonHttp.Answer pending = putLevel("mkt-1", TENANT_KEY, "{\"level\": \"MARKETING\", " + STAFF + "}");

        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.body().path("level").asText()).isEqualTo("BASIC_TRANSACTIONAL");
        assertThat(pending.body().path("pendingLevel").asText()).isEqualTo("MARKETING");
        final MessageRequest confirmation = confirmationTextFor("mkt-1");
        assertThat(confirmation.getCategory()).isEqualTo(Category.CONSENT_CONFIRMATION);
        assertThat(confirmation.getTo()).isEqualTo("+15550110002");

        phoneSays("+15550110002", PhoneConsentKind.CONFIRM, "YES");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(consentOf("mkt-1").path("level").asText()).isEqualTo("MARKETING"));
        assertThat(consentOf("mkt-1").path("pendingLevel").isNull()).isTrue();
        assertThat(notesOf("mkt-1")).startsWith(
                "The client replied YES to the confirmation text; SMS opt-in changed from Basic Transactional to Marketing.",
                "Dr. Jane Smith requested Marketing texts; a confirmation text was sent and SMS opt-in stays Basic Transactional "
                        + "until the client replies YES.");
    }

    @Test
    void stopOptsTheClientOutAndReOptInNeedsTheClientsRequest() {
        putLevel("stop-1", TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550110003\", " + STAFF + "}");

        phoneSays("+15550110003", PhoneConsentKind.OPT_OUT, "STOP");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            final JsonNode state = consentOf("stop-1");
            assertThat(state.path("level").asText()).isEqualTo("OPTED_OUT");
            assertThat(state.path("phoneSuppressed").asBoolean()).isTrue();
        });
        assertThat(notesOf("stop-1")).first().isEqualTo("The client replied STOP; SMS opt-in changed from Full Transactional to Opted Out.");

        putLevel("stop-2", TENANT_KEY, "{\"level\": \"OPTED_OUT\", " + STAFF + "}");
        final JsonHttp.Answer refused = putLevel("stop-2", TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", " + STAFF + "}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("OPT_IN_CONFIRMATION_REQUIRED");

        final JsonHttp.Answer accepted = putLevel("stop-2", TENANT_KEY,
                "{\"level\": \"FULL_TRANSACTIONAL\", \"clientRequestedOptIn\": true, " + STAFF + "}");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().path("level").asText()).isEqualTo("FULL_TRANSACTIONAL");
    }

    @Test
    void aSupportChangeIsShownAsSupport() {
        final JsonHttp.Answer answer = putLevel("sup-1", SUPPORT_KEY,
                "{\"level\": \"FULL_TRANSACTIONAL\", \"actor\": {\"type\": \"STAFF\", \"id\": \"alex\"}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("updatedBy").path("type").asText()).isEqualTo("SUPPORT");
        assertThat(notesOf("sup-1")).containsExactly("Support changed SMS opt-in from Basic Transactional to Full Transactional.");
    }

    @Test
    void aPreferenceGrantExpiresWithANote() {
        assertThat(consent.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY, "{\"enabled\": true}").status()).isEqualTo(200);
        assertThat(consent.put("/v1/tenants/happy-paws/communication-preferences/newsletter", TENANT_KEY,
                "{\"name\": \"Newsletter\", \"channels\": [\"SMS\"], \"active\": true, \"editable\": true}").status()).isEqualTo(200);

        final Instant until = Instant.now().plusSeconds(2);
        final JsonHttp.Answer granted = consent.put(CLIENTS + "pref-1/communication-preferences/newsletter", TENANT_KEY,
                "{\"channels\": {\"SMS\": {\"granted\": true, \"validUntil\": \"" + until + "\"}}, " + STAFF + "}");

        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.body().path("preferences").get(0).path("channels").path("SMS").path("inEffect").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(notesOf("pref-1")).first().isEqualTo("Consent for \"Newsletter\" by SMS expired."));
        assertThat(consent.get(CLIENTS + "pref-1/communication-preferences", TENANT_KEY).body()
                .path("preferences").get(0).path("channels").path("SMS").path("granted").asBoolean()).isFalse();
    }

    @Test
    void unreadableBytesGoToTheDeadLetterTopic() {
        final byte[] garbage = {0, 0, 0, 0, 99, 1, 2, 3};
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(PREFIX + TopicNames.CONSENT_EVENTS, "happy-paws:dlq-1".getBytes(StandardCharsets.UTF_8), garbage));
        }

        final List<ConsumerRecord<byte[], byte[]>> dead = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerConfig("dlq-reader-" + UUID.randomUUID()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicNames.dlq(PREFIX + TopicNames.CONSENT_EVENTS)));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
            });
        }
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        final Header source = dead.get(0).headers().lastHeader(DeadLetters.SOURCE_TOPIC);
        assertThat(new String(source.value(), StandardCharsets.UTF_8)).isEqualTo(PREFIX + TopicNames.CONSENT_EVENTS);
        assertThat(dead.get(0).headers().lastHeader(DeadLetters.REASON)).isNotNull();
    }

    private static MessageRequest confirmationTextFor(final String clientId) {
        final List<MessageRequest> found = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, MessageRequest> consumer = new KafkaConsumer<>(kafka.consumerConfig("requests-" + UUID.randomUUID()),
                new StringDeserializer(), new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + REGISTRY))
                .value(MessageRequest.class).deserializer())) {
            consumer.subscribe(List.of(PREFIX + TopicNames.MESSAGE_REQUESTS));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals("happy-paws:" + clientId)) {
                        found.add(record.value());
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
