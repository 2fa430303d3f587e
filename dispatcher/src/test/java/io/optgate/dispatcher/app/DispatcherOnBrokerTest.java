package io.optgate.dispatcher.app;

import io.optgate.dispatcher.quiet.OpenHours;
import io.optgate.platform.config.CommonConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.dispatcher.dispatch.DispatchTopology;
import io.optgate.dispatcher.practice.PracticeStores;
import io.optgate.platform.config.Env;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.Json;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.CoPartitioning;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher on a real broker under exactly-once v2: requests produced, the app stopped in
 * the middle of its work and started again on an empty state directory (so its stores come back
 * from their changelogs), and then exactly one decision per distinct request, one outbound record
 * per SEND, duplicates (also of requests decided before the restart) never sent twice, the
 * statistics adding up, an unreadable request dead-lettered, and the HTTP API answering from the
 * real stores.
 */
@RealKafka
class DispatcherOnBrokerTest {

    private static final String TENANT = "vet-it";
    private static final int PARTITIONS = 3;
    private static final int CLIENTS = 40;

    @TempDir
    Path firstRunDir;
    @TempDir
    Path secondRunDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String registryScope = "dispatcher-it-" + run;
    private final ObjectMapper json = Json.newObjectMapper();
    private ContractTopics topics;
    private KafkaProducer<String, MessageRequest> requests;
    private AppRunner dispatcher;
    private HttpApi http;
    private Metrics metrics;

    @BeforeEach
    void setUp() {
        topics = new ContractTopics(TopicNames.fromEnv(topicOverrides()), new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
    }

    @AfterEach
    void tearDown() {
        stopDispatcher();
        if (requests != null) {
            requests.close();
        }
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    @Test
    void exactlyOneDecisionPerDistinctRequestAcrossARestart(final KafkaCluster kafka) throws Exception {
        final DispatcherConfig firstConfig = config(kafka, firstRunDir);
        try (Admin admin = kafka.createAdmin()) {
            assertThat(DispatcherTopics.provision(admin, firstConfig)).isEqualTo(PARTITIONS);
        }
        requests = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), topics.messageRequests().valueSerde().serializer());
        publishConsent(kafka);

        // First run: half of the requests, each of the first ten sent twice, and one unreadable record.
        final List<MessageRequest> firstHalf = requests(0, 100);
        firstHalf.forEach(this::publish);
        firstHalf.subList(0, 10).forEach(this::publish);
        publishUnreadable(kafka);
        requests.flush();

        startDispatcher(firstConfig, Env.of(envMap(kafka, firstRunDir)));
        await().atMost(Duration.ofSeconds(60)).until(() -> readAll(kafka, topics.dispatchDecisions(), 0).size() >= 30);
        stopDispatcher();

        // Second run, from an empty state directory: the rest, and again the first ten (duplicates of
        // requests decided, or still buffered, before the restart).
        final List<MessageRequest> secondHalf = requests(100, 200);
        secondHalf.forEach(this::publish);
        firstHalf.subList(0, 10).forEach(this::publish);
        requests.flush();
        startDispatcher(config(kafka, secondRunDir), Env.of(envMap(kafka, secondRunDir)));

        final int published = 200 + 20;
        final List<DispatchDecision> decisions = await().atMost(Duration.ofSeconds(60))
                .until(() -> values(readAll(kafka, topics.dispatchDecisions(), published)), list -> list.size() >= published);

        final Map<String, List<DispatchDecision>> byRequest = decisions.stream()
                .collect(Collectors.groupingBy(DispatchDecision::getRequestId));
        assertThat(byRequest).hasSize(200);
        byRequest.forEach((requestId, decided) -> {
            assertThat(decided.stream().filter(d -> d.getReason() != DecisionReason.DUPLICATE_REQUEST))
                    .as("the decisions of %s other than DUPLICATE_REQUEST", requestId).hasSize(1);
        });
        final int firstTen = 10;
        for (int i = 0; i < firstTen; i++) {
            assertThat(byRequest.get(requestId(i))).extracting(DispatchDecision::getReason)
                    .filteredOn(reason -> reason == DecisionReason.DUPLICATE_REQUEST).hasSize(2);
        }
        assertThat(decisions).hasSize(published);

        // Every SEND went out once, on its channel's topic; nothing else did.
        final List<String> sent = decisions.stream().filter(d -> d.getVerdict() == Verdict.SEND).map(DispatchDecision::getRequestId).toList();
        final long sends = sent.size();
        final List<MessageRequest> outbound = values(await().atMost(Duration.ofSeconds(30))
                .until(() -> readAll(kafka, topics.outbound(Channel.SMS), (int) sends), list -> list.size() >= sends));
        assertThat(outbound).extracting(MessageRequest::getRequestId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(decisions).filteredOn(d -> d.getReason() == DecisionReason.OPTED_OUT).isNotEmpty();
        assertThat(decisions).filteredOn(d -> d.getReason() == DecisionReason.PHONE_SUPPRESSED).isNotEmpty();
        assertThat(decisions).filteredOn(d -> d.getReason() == DecisionReason.LEVEL_TOO_LOW).isNotEmpty();

        // The statistics: the last record of each (practice, minute) adds up to every decision.
        final List<DispatchStats> stats = values(await().atMost(Duration.ofSeconds(30))
                .until(() -> readAll(kafka, topics.dispatchStats(), 1), list -> totalOfLatestWindows(values(list)) >= published));
        assertThat(totalOfLatestWindows(stats)).isEqualTo(published);
        assertThat(stats).allSatisfy(s -> assertThat(s.getTenantId()).isEqualTo(TENANT));

        // The unreadable record went to the dead-letter topic, with its reason.
        final List<ConsumerRecord<String, byte[]>> deadLetters = readRaw(kafka, TopicNames.dlq(topics.messageRequests().name()));
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).headers().lastHeader("optgate.dlq.reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("NOT_WIRE_FORMAT");

        // The HTTP API answers from the real stores, and a POSTed request is decided too.
        final DispatchDecision someSend = decisions.stream().filter(d -> d.getVerdict() == Verdict.SEND).findFirst().orElseThrow();
        final HttpResponse<String> status = await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/v1/tenants/" + TENANT + "/messages/" + someSend.getRequestId()), r -> r.statusCode() == 200);
        final JsonNode body = json.readTree(status.body());
        assertThat(body.get("verdict").asText()).isEqualTo("SEND");
        assertThat(body.get("reason").asText()).isEqualTo("ELIGIBLE");
        assertThat(get("/v1/tenants/" + TENANT + "/messages/never-sent").statusCode()).isEqualTo(404);

        final HttpResponse<String> accepted = post("/v1/tenants/" + TENANT + "/messages", """
                {"requestId": "http-1", "clientId": "client-1", "to": "%s", "channel": "SMS",
                 "category": "BASIC_TRANSACTIONAL", "body": "Your order has shipped."}""".formatted(phone(1)));
        assertThat(accepted.statusCode()).isEqualTo(202);
        final HttpResponse<String> decided = await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/v1/tenants/" + TENANT + "/messages/http-1"), r -> r.statusCode() == 200);
        assertThat(json.readTree(decided.body()).get("verdict").asText()).isEqualTo("SEND");

        // The client's recent decisions come from the judge's own store, newest first, without the address.
        final HttpResponse<String> recent = get("/v1/tenants/" + TENANT + "/clients/client-1/decisions");
        assertThat(recent.statusCode()).isEqualTo(200);
        final JsonNode listed = json.readTree(recent.body()).get("decisions");
        assertThat(listed).isNotEmpty();
        assertThat(listed.get(0).get("requestId").asText()).isEqualTo("http-1");
        assertThat(listed).allSatisfy(entry -> assertThat(entry.get("reason").asText()).isNotEqualTo("DUPLICATE_REQUEST"));
        assertThat(recent.body()).doesNotContain(phone(1));
    }

    /**
     * After a clean stop the dispatcher comes back from its local state: no store of a task is
     * restored from its changelog, although the deliveries store (no delivery events here) and
     * some statistics partitions never had a record. Only the global stores, which are read from
     * their topics on every start, may restore.
     */
    @Test
    void aCleanRestartRestoresNoTaskStore(final KafkaCluster kafka) throws Exception {
        final DispatcherConfig config = config(kafka, firstRunDir);
        try (Admin admin = kafka.createAdmin()) {
            DispatcherTopics.provision(admin, config);
        }
        requests = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), topics.messageRequests().valueSerde().serializer());
        publishConsent(kafka);
        requests(0, 60).forEach(this::publish);
        requests.flush();

        startDispatcher(config, Env.of(envMap(kafka, firstRunDir)));
        await().atMost(Duration.ofSeconds(60)).until(() -> readAll(kafka, topics.dispatchDecisions(), 60).size() >= 60);
        assertThat(restoredRecords()).as("a first start restores what the changelogs already hold").isNotEmpty();
        stopDispatcher();

        startDispatcher(config, Env.of(envMap(kafka, firstRunDir)));
        requests(60, 61).forEach(this::publish);
        requests.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> readAll(kafka, topics.dispatchDecisions(), 61).size() >= 61);

        assertThat(restoredRecords()).as("records restored per store after a clean restart")
                .allSatisfy((store, records) -> assertThat(store).isIn(GLOBAL_STORES));

        // What a crash restores stays small: the grace buffer's changelog rolls hourly, for compaction.
        final ConfigResource bufferChangelog = new ConfigResource(ConfigResource.Type.TOPIC,
                "dispatcher-it-" + run + "-" + DispatchTopology.BUFFER_STORE + "-changelog");
        try (Admin admin = kafka.createAdmin()) {
            final Config changelog = admin.describeConfigs(List.of(bufferChangelog)).all().get().get(bufferChangelog);
            assertThat(changelog.get("segment.ms").value()).isEqualTo("3600000");
            assertThat(changelog.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void startUpStopsWhenTheJoinedTopicsAreNotCoPartitioned(final KafkaCluster kafka) {
        kafka.createTopic(topics.dispatchDeliveries().name(), 2);
        kafka.createCompactedTopic(topics.consentState().name(), 3);

        try (Admin admin = kafka.createAdmin()) {
            assertThatThrownBy(() -> DispatcherTopics.provision(admin, config(kafka, firstRunDir)))
                    .isInstanceOf(CoPartitioning.MismatchException.class)
                    .hasMessageContaining(topics.dispatchDeliveries().name() + " has 2")
                    .hasMessageContaining(topics.consentState().name() + " has 3");
            assertThat(admin.listTopics().names().get()).doesNotContain(topics.dispatchDecisions().name());
        } catch (final InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    // ---- the story's data ---------------------------------------------------------------------

    /** Clients 0-39; every fifth opted out, every seventh FULL, client 3's number said STOP. */
    private void publishConsent(final KafkaCluster kafka) {
        final TopicSpec<String, ConsentState> state = topics.consentState();
        final TopicSpec<String, PhoneConsentState> phones = topics.consentPhoneState();
        try (KafkaProducer<String, ConsentState> consent = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), state.valueSerde().serializer());
             KafkaProducer<String, PhoneConsentState> phone = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), phones.valueSerde().serializer())) {
            final Instant changedAt = Instant.now().minus(Duration.ofHours(1));
            for (int c = 0; c < CLIENTS; c++) {
                final SmsLevel level = c % 5 == 0 ? SmsLevel.OPTED_OUT : c % 7 == 0 ? SmsLevel.FULL_TRANSACTIONAL : SmsLevel.BASIC_TRANSACTIONAL;
                consent.send(new ProducerRecord<>(state.name(), null, changedAt.toEpochMilli(), TENANT + ":client-" + c,
                        ConsentState.newBuilder().setTenantId(TENANT).setClientId("client-" + c).setPhone(phone(c))
                                .setLevel(level).setPhoneSuppressed(false).setPreferences(Map.of())
                                .setUpdatedAt(changedAt).setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(1L).build()));
            }
            phone.send(new ProducerRecord<>(phones.name(), TENANT + ":" + phone(3), PhoneConsentState.newBuilder()
                    .setTenantId(TENANT).setPhone(phone(3)).setSuppressed(true).setLastKind(PhoneConsentKind.OPT_OUT)
                    .setUpdatedAt(changedAt).build()));
        }
    }

    private static String phone(final int client) {
        return String.format("+1555%07d", client);
    }

    private static String requestId(final int i) {
        return "req-" + i;
    }

    /** Requests {@code from..to-1}: mostly BASIC, every sixth FULL_TRANSACTIONAL, every eleventh MARKETING. */
    private static List<MessageRequest> requests(final int from, final int to) {
        final List<MessageRequest> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            final int client = i % CLIENTS;
            final Category category = i % 11 == 0 ? Category.MARKETING : i % 6 == 0 ? Category.FULL_TRANSACTIONAL : Category.BASIC_TRANSACTIONAL;
            list.add(MessageRequest.newBuilder().setRequestId(requestId(i)).setTenantId(TENANT).setClientId("client-" + client)
                    .setTo(phone(client)).setChannel(Channel.SMS).setCategory(category).setBody("Message " + i)
                    .setRequestedAt(Instant.now()).build());
        }
        return list;
    }

    private void publish(final MessageRequest request) {
        requests.send(new ProducerRecord<>(topics.messageRequests().name(), TENANT + ":" + request.getClientId(), request));
    }

    private void publishUnreadable(final KafkaCluster kafka) {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.messageRequests().name(), TENANT + ":client-1", "not avro".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static final List<String> GLOBAL_STORES = List.of(PracticeStores.SETTINGS_STORE, PracticeStores.PHONE_STATE_STORE);

    /** Records restored so far by the running dispatcher, by store, from its restore meter. */
    private Map<String, Double> restoredRecords() {
        final Map<String, Double> restored = new HashMap<>();
        for (final String line : metrics.scrape().split("\n")) {
            if (line.startsWith("optgate_state_restored_records_total{")) {
                final String store = line.replaceFirst(".*store=\"([^\"]+)\".*", "$1");
                final double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (value > 0) {
                    restored.merge(store, value, Double::sum);
                }
            }
        }
        return restored;
    }

    // ---- running the app ----------------------------------------------------------------------

    private Map<String, String> topicOverrides() {
        return TopicNames.prefixedVariables("it-" + run + ".");
    }

    private Map<String, String> envMap(final KafkaCluster kafka, final Path dataDir) {
        final Map<String, String> env = new HashMap<>(topicOverrides());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_APPLICATION_ID", "dispatcher-it-" + run);
        env.put("SCHEMA_REGISTRY_URL", "mock://" + registryScope);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put(DispatcherConfig.GRACE, "PT0.2S");
        env.put(CommonConfig.TOPIC_PARTITIONS, Integer.toString(PARTITIONS));
        // The dispatcher leaves its group on close; should a close not get that far, the restarted
        // instance waits for the old member's session, and the broker's minimum keeps that short.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        return env;
    }

    private DispatcherConfig config(final KafkaCluster kafka, final Path dataDir) {
        return OpenHours.of(DispatcherConfig.from(Env.of(envMap(kafka, dataDir))));
    }

    private void startDispatcher(final DispatcherConfig config, final Env env) {
        metrics = Metrics.prometheus();
        dispatcher = AppRunner.create(DispatcherApp.withoutTwilioEdge(config), metrics);
        http = HttpApi.builder().port(0).routes(dispatcher.routes()).build().start();
        dispatcher.start();
    }

    private void stopDispatcher() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.baseUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.baseUri().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- reading what came out (read_committed) -----------------------------------------------

    private static long totalOfLatestWindows(final List<DispatchStats> stats) {
        final Map<String, DispatchStats> latest = new HashMap<>();
        stats.forEach(s -> latest.put(s.getTenantId() + "@" + s.getWindowStart(), s));
        return latest.values().stream().mapToLong(DispatchStats::getTotal).sum();
    }

    private static <V> List<V> values(final List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private <V> List<ConsumerRecord<String, V>> readAll(final KafkaCluster kafka, final TopicSpec<String, V> topic, final int atLeast) {
        return read(kafka, topic.name(), topic.valueSerde().deserializer(), atLeast);
    }

    private List<ConsumerRecord<String, byte[]>> readRaw(final KafkaCluster kafka, final String topic) {
        return read(kafka, topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer(), 1);
    }

    /** Everything committed on {@code topic} so far (polling until {@code atLeast} or a quiet second). */
    private static <V> List<ConsumerRecord<String, V>> read(final KafkaCluster kafka, final String topic,
                                                           final Deserializer<V> deserializer, final int atLeast) {
        final List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(kafka.consumerConfig("reader-" + UUID.randomUUID()),
                new StringDeserializer(), deserializer)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final Function<TopicPartition, Boolean> done = tp -> consumer.position(tp) >= end.get(tp);
            final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && !(records.size() >= atLeast && partitions.stream().allMatch(done::apply))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
