package io.optgate.local;

import io.optgate.local.progress.Terminal;
import io.optgate.platform.config.Env;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Local mode stops cleanly and a second start on the same data directory finds everything again. */
class LocalModeRestartTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @AfterEach
    void forgetTheInProcessRegistry() {
        SchemaRegistryClients.dropMockScope("local");
    }

    @Test
    void aSecondStartResumesConsentStateDecisionsTopicsAndOldAvroRecords() throws Exception {
        final int kafkaPort = freePort();
        final int httpPort = freePort();
        final MessageRequest written = MessageRequest.newBuilder()
                .setRequestId("before-restart").setTenantId("vet-1").setClientId("c-1").setTo("+15550100001")
                .setChannel(Channel.SMS).setCategory(Category.BASIC_TRANSACTIONAL).setBody("Prescription ready")
                .setRequestedAt(Instant.parse("2026-01-05T10:00:00Z")).build();

        try (LocalMode first = start(kafkaPort, httpPort)) {
            awaitHealthy(first);
            assertThat(put(first.httpBase() + CONSENT, "{\"level\":\"FULL_TRANSACTIONAL\",\"phone\":\"+15550100001\","
                    + "\"actor\":{\"type\":\"STAFF\",\"id\":\"s-1\",\"name\":\"Dr. Patel\"}}"))
                    .startsWith("200").contains("\"level\":\"FULL_TRANSACTIONAL\"");
            // BASIC_TRANSACTIONAL: quiet hours would hold a solicitation at night, and this test runs at any hour.
            assertThat(post(first.httpBase() + "/v1/tenants/vet-1/messages", "{\"requestId\":\"r-before\",\"clientId\":\"c-1\","
                    + "\"to\":\"+15550100001\",\"channel\":\"SMS\",\"category\":\"BASIC_TRANSACTIONAL\",\"body\":\"Refill due\"}"))
                    .startsWith("202");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(get(first.httpBase() + DECISION)).startsWith("200").contains("\"verdict\":\"SEND\""));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("restart.check", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, MessageRequest> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()),
                    new StringSerializer(), serde().serializer())) {
                producer.send(new ProducerRecord<>("restart.check", "vet-1:c-1", written)).get();
            }
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("new cluster", "stopped in");
        SchemaRegistryClients.dropMockScope("local"); // as if the JVM had ended

        try (LocalMode second = start(kafkaPort, httpPort)) {
            assertThat(second.broker()).get().satisfies(b -> assertThat(b.resumed()).isTrue());
            awaitHealthy(second);
            assertThat(get(second.httpBase() + CONSENT)).startsWith("200")
                    .contains("\"level\":\"FULL_TRANSACTIONAL\"", "\"version\":1", "Dr. Patel");
            // Decided before the stop; handed to the (dry) sender before or after it, never lost.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(get(second.httpBase() + DECISION)).startsWith("200").contains("\"verdict\":\"SEND\"", "DRY_RUN"));
            assertThat(readAll(second.bootstrapServers(), "restart.check")).containsExactly(written);
            assertThat(get(second.httpBase() + "/local/stats")).startsWith("200");
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("resumed cluster");
    }

    private static final String CONSENT = "/v1/tenants/vet-1/clients/c-1/sms-consent";
    private static final String DECISION = "/v1/tenants/vet-1/messages/r-before";

    private LocalMode start(final int kafkaPort, final int httpPort) throws Exception {
        final LocalConfig config = new LocalConfig(dataDir, kafkaPort, httpPort, false, Optional.empty(), Optional.empty());
        final LocalMode mode = new LocalMode(config, Env.of(Map.of()),
                new Terminal(new PrintStream(screen, true, StandardCharsets.UTF_8), false), LocalApps.all());
        mode.start();
        return mode;
    }

    private static List<MessageRequest> readAll(final String bootstrap, final String topic) {
        final TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            final long end = consumer.endOffsets(List.of(tp)).get(tp);
            final List<MessageRequest> out = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(serde().deserializer().deserialize(topic, r.value()));
                }
            }
            return out;
        }
    }

    private static Serde<MessageRequest> serde() {
        return AvroSerdes.forUrl(LocalConfig.IN_PROCESS_REGISTRY).value(MessageRequest.class);
    }

    private static void awaitHealthy(final LocalMode mode) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(get(mode.httpBase() + "/health")).startsWith("200"));
    }

    private static String put(final String url, final String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String post(final String url, final String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String send(final HttpRequest.Builder request) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
                request.timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String get(final String url) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
