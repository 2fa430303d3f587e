package io.optgate.dispatcher.app;

import io.optgate.dispatcher.quiet.OpenHours;
import io.optgate.platform.config.CommonConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.contract.KeyPlacement;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.Json;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
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
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import io.optgate.testing.ConsistentRandomPartitioner;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests written as upstream systems write them, on a real broker: with librdkafka's default
 * partitioner (CRC32 of the key, as Confluent's Python, Go, .NET and C clients do), with no key,
 * with another client's key, and to a {@code message.requests} with more partitions than
 * {@code consent.state}. Each is judged against its own client's consent, exactly as if the Java
 * client had written it under the client key: a Full Transactional client's refill is SENT, and a
 * text to a number that is not the client's is not.
 */
@RealKafka
class AnyProducerOnBrokerTest {

    private static final String TENANT = "vet-any";
    private static final int PARTITIONS = 3;

    @TempDir
    Path dataDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String registryScope = "any-producer-" + run;
    private ContractTopics topics;
    private AppRunner dispatcher;
    private HttpApi http;
    private Metrics metrics;

    @BeforeEach
    void setUp() {
        topics = new ContractTopics(TopicNames.fromEnv(TopicNames.prefixedVariables("any-" + run + ".")),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
    }

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    @Test
    void requestsFromAnyPartitionerOrKeyAreJudgedAgainstTheirClientsConsent(final KafkaCluster kafka) throws Exception {
        provision(kafka);
        // Clients whose CRC32 partition is not their murmur2 one: librdkafka puts them elsewhere.
        final List<String> crc = clients("crc", 2, key -> ConsistentRandomPartitioner.partitionOf(key, PARTITIONS)
                != KeyPlacement.partition(key, PARTITIONS));
        final List<String> unkeyed = clients("nokey", 2, key -> true);
        final List<String> wronglyKeyed = clients("wrong", 2, key -> true);
        final List<String> javaKeyed = clients("java", 2, key -> true);
        final List<String> everyone = new ArrayList<>();
        List.of(crc, unkeyed, wronglyKeyed, javaKeyed).forEach(everyone::addAll);
        publishFullTransactionalConsent(kafka, everyone);

        final Map<String, Object> config = kafka.producerConfig();
        try (KafkaProducer<String, MessageRequest> java = producer(config);
             KafkaProducer<String, MessageRequest> librdkafka = producer(ConsistentRandomPartitioner.producerConfig(config))) {
            for (final MessageRequest request : requestsOf(crc)) {
                librdkafka.send(record(clientKey(request), request));
            }
            for (final MessageRequest request : requestsOf(unkeyed)) {
                librdkafka.send(record(null, request));
            }
            for (final MessageRequest request : requestsOf(wronglyKeyed)) {
                // Another client's key, in another partition than the client's.
                java.send(record(otherKeyThan(clientKey(request)), request));
            }
            for (final MessageRequest request : requestsOf(javaKeyed)) {
                java.send(record(clientKey(request), request));
            }
        }
        startDispatcher(kafka, config(kafka));

        assertThat(outcomes(decisions(kafka, everyone.size() * 2))).isEqualTo(expectedOutcomes(everyone));
    }

    @Test
    void moreRequestPartitionsThanConsentPartitionsStillJudgeEachAgainstItsClient(final KafkaCluster kafka) throws Exception {
        final int requestPartitions = 5;
        kafka.createCompactedTopic(topics.consentState().name(), PARTITIONS);
        kafka.createTopic(topics.messageRequests().name(), requestPartitions);
        provision(kafka);
        // Clients the Java client puts in another partition number of message.requests than of consent.state.
        final List<String> clients = clients("more", 4, key -> KeyPlacement.partition(key, requestPartitions)
                != KeyPlacement.partition(key, PARTITIONS));
        publishFullTransactionalConsent(kafka, clients);
        try (KafkaProducer<String, MessageRequest> java = producer(kafka.producerConfig())) {
            for (final MessageRequest request : requestsOf(clients)) {
                java.send(record(clientKey(request), request));
            }
        }
        startDispatcher(kafka, config(kafka));

        assertThat(outcomes(decisions(kafka, clients.size() * 2))).isEqualTo(expectedOutcomes(clients));
        // The status API finds the decision where the status stores put it.
        final HttpResponse<String> status = await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/v1/tenants/" + TENANT + "/messages/" + refill(clients.get(0))), r -> r.statusCode() == 200);
        final ObjectMapper json = Json.newObjectMapper();
        assertThat(json.readTree(status.body()).get("verdict").asText()).isEqualTo("SEND");
    }

    /** Per client: its refill SENT, its text to another number dropped as PHONE_NOT_ON_RECORD. */
    private static Map<String, String> expectedOutcomes(final List<String> clients) {
        final Map<String, String> expected = new TreeMap<>();
        for (final String client : clients) {
            expected.put(refill(client), "SEND ELIGIBLE");
            expected.put(wrongNumber(client), "DROP PHONE_NOT_ON_RECORD");
        }
        return expected;
    }

    private static Map<String, String> outcomes(final Map<String, DispatchDecision> decisions) {
        final Map<String, String> outcomes = new TreeMap<>();
        decisions.forEach((requestId, d) -> outcomes.put(requestId, d.getVerdict() + " " + d.getReason()));
        return outcomes;
    }

    // ---- the story's data ---------------------------------------------------------------------

    /** {@code count} client ids {@code <prefix>-<n>} whose client key passes {@code wanted}. */
    private static List<String> clients(final String prefix, final int count, final java.util.function.Predicate<String> wanted) {
        return IntStream.range(0, 1000).mapToObj(n -> prefix + "-" + n)
                .filter(client -> wanted.test(Identifiers.clientKey(TENANT, client)))
                .limit(count).toList();
    }

    /** A key of this practice that the Java client puts in another partition than {@code key}. */
    private static String otherKeyThan(final String key) {
        final IntPredicate elsewhere = n -> KeyPlacement.partition(TENANT + ":someone-" + n, PARTITIONS)
                != KeyPlacement.partition(key, PARTITIONS);
        return TENANT + ":someone-" + IntStream.range(0, 1000).filter(elsewhere).findFirst().orElseThrow();
    }

    private static String phoneOf(final String client) {
        return String.format("+1555%07d", Math.abs(client.hashCode() % 10_000_000));
    }

    private static String otherPhoneThan(final String client) {
        return String.format("+1666%07d", Math.abs(client.hashCode() % 10_000_000));
    }

    private static String refill(final String client) {
        return "refill-" + client;
    }

    private static String wrongNumber(final String client) {
        return "wrong-number-" + client;
    }

    private static String clientKey(final MessageRequest request) {
        return Identifiers.clientKey(request.getTenantId(), request.getClientId());
    }

    /** Per client: a FULL_TRANSACTIONAL refill reminder to its number, a BASIC text to another number. */
    private static List<MessageRequest> requestsOf(final List<String> clients) {
        final List<MessageRequest> requests = new ArrayList<>();
        for (final String client : clients) {
            requests.add(request(refill(client), client, phoneOf(client), Category.FULL_TRANSACTIONAL, "Time to refill Rex's prescription."));
            requests.add(request(wrongNumber(client), client, otherPhoneThan(client), Category.BASIC_TRANSACTIONAL, "Your order has shipped."));
        }
        return requests;
    }

    private static MessageRequest request(final String requestId, final String client, final String to,
                                          final Category category, final String body) {
        return MessageRequest.newBuilder().setRequestId(requestId).setTenantId(TENANT).setClientId(client).setTo(to)
                .setChannel(Channel.SMS).setCategory(category).setBody(body).setRequestedAt(Instant.now()).build();
    }

    /** What consent-streams would have written: each client FULL_TRANSACTIONAL with its number, by the Java client. */
    private void publishFullTransactionalConsent(final KafkaCluster kafka, final List<String> clients) {
        final TopicSpec<String, ConsentState> state = topics.consentState();
        final Instant changedAt = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<String, ConsentState> consent =
                     new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), state.valueSerde().serializer())) {
            for (final String client : clients) {
                consent.send(new ProducerRecord<>(state.name(), null, changedAt.toEpochMilli(), Identifiers.clientKey(TENANT, client),
                        ConsentState.newBuilder().setTenantId(TENANT).setClientId(client).setPhone(phoneOf(client))
                                .setLevel(SmsLevel.FULL_TRANSACTIONAL).setPhoneSuppressed(false).setPreferences(Map.of())
                                .setUpdatedAt(changedAt).setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(1L).build()));
            }
        }
    }

    private KafkaProducer<String, MessageRequest> producer(final Map<String, Object> config) {
        return new KafkaProducer<>(config, new StringSerializer(), topics.messageRequests().valueSerde().serializer());
    }

    private ProducerRecord<String, MessageRequest> record(final String key, final MessageRequest request) {
        return new ProducerRecord<>(topics.messageRequests().name(), key, request);
    }

    // ---- running the app ----------------------------------------------------------------------

    private Map<String, String> envMap(final KafkaCluster kafka) {
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("any-" + run + "."));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_APPLICATION_ID", "any-producer-" + run);
        env.put("SCHEMA_REGISTRY_URL", "mock://" + registryScope);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put(DispatcherConfig.GRACE, "PT0.2S");
        env.put(CommonConfig.TOPIC_PARTITIONS, Integer.toString(PARTITIONS));
        return env;
    }

    private DispatcherConfig config(final KafkaCluster kafka) {
        return OpenHours.of(DispatcherConfig.from(Env.of(envMap(kafka))));
    }

    private void provision(final KafkaCluster kafka) {
        try (Admin admin = kafka.createAdmin()) {
            DispatcherTopics.provision(admin, config(kafka));
        }
    }

    private void startDispatcher(final KafkaCluster kafka, final DispatcherConfig config) {
        metrics = Metrics.prometheus();
        dispatcher = AppRunner.create(DispatcherApp.withoutTwilioEdge(config), metrics);
        http = HttpApi.builder().port(0).routes(dispatcher.routes()).build().start();
        dispatcher.start();
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.baseUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The committed decisions, by requestId, once there are {@code expected} (or after 60 s). */
    private Map<String, DispatchDecision> decisions(final KafkaCluster kafka, final int expected) {
        final Map<String, DispatchDecision> byRequest = new HashMap<>();
        final String topic = topics.dispatchDecisions().name();
        try (KafkaConsumer<String, DispatchDecision> consumer = new KafkaConsumer<>(kafka.consumerConfig("reader-" + run),
                new StringDeserializer(), topics.dispatchDecisions().valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (byRequest.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> byRequest.put(r.value().getRequestId(), r.value()));
            }
        }
        return byRequest;
    }
}
