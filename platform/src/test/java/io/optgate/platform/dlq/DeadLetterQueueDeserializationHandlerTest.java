package io.optgate.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.serde.SchemaRegistryUnavailableException;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** In a streams app, an unreadable record goes to {@code <topic>.dlq} and the next good record still flows. */
class DeadLetterQueueDeserializationHandlerTest {

    private static final String REQUESTS = "message.requests";
    private static final String SMS = "dispatch.outbound.sms";
    private static final byte[] KEY = "vet-42:client-7".getBytes(StandardCharsets.UTF_8);

    private final SchemaRegistryClient registry = SchemaRegistryClients.forUrl("mock://dlq-" + UUID.randomUUID());

    @Test
    void unreadableRecordLandsOnItsDeadLetterTopicWithReasonHeadersAndTheNextRecordStillFlows() {
        try (TopologyTestDriver driver = new TopologyTestDriver(passThrough(registry), config("dispatcher"))) {
            final TestInputTopic<byte[], byte[]> input = rawInput(driver);
            final TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(SMS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<byte[], byte[]> dlq = rawDlq(driver);
            final byte[] garbage = "{\"to\":\"+15551234567\"}".getBytes(StandardCharsets.UTF_8);

            input.pipeInput(new TestRecord<>(KEY, wire(request("req-1")), Instant.parse("2025-03-01T09:00:00Z")));
            input.pipeInput(new TestRecord<>(KEY, garbage,
                new RecordHeaders().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8)),
                Instant.parse("2025-03-01T09:00:01Z")));
            input.pipeInput(new TestRecord<>(KEY, wire(request("req-2")), Instant.parse("2025-03-01T09:00:02Z")));

            assertThat(out.readValuesToList()).hasSize(2);
            final TestRecord<byte[], byte[]> dead = dlq.readRecord();
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(header(dead, "traceparent")).isEqualTo("00-abc-01");
            assertThat(header(dead, DeadLetters.REASON)).isEqualTo("NOT_WIRE_FORMAT");
            assertThat(header(dead, DeadLetters.DETAIL)).contains("magic byte").doesNotContain("+1555");
            assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(REQUESTS);
            assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(header(dead, DeadLetters.APP)).isEqualTo("dispatcher");
            assertThat(dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void everyDeadLetterIsCountedInTheProcessMetricsThroughTheGlobalRegistry() {
        final String app = "dlq-metrics-" + UUID.randomUUID();
        try (Metrics metrics = Metrics.prometheus();
             TopologyTestDriver driver = new TopologyTestDriver(passThrough(registry), config(app))) {
            final TestInputTopic<byte[], byte[]> input = rawInput(driver);
            input.pipeInput(KEY, "garbage".getBytes(StandardCharsets.UTF_8));
            input.pipeInput(KEY, wire(request("req-1")));
            input.pipeInput(KEY, new byte[] {0, 0, 0, 0x30, 0x39, 2, 'x'});
            input.pipeInput(KEY, "more garbage".getBytes(StandardCharsets.UTF_8));

            assertThat(metrics.registry().get(DeadLetters.RECORDS_METER)
                .tags("app", app, "source_topic", REQUESTS, "reason", "not_wire_format").counter().count()).isEqualTo(2.0);
            assertThat(metrics.registry().get(DeadLetters.RECORDS_METER)
                .tags("app", app, "source_topic", REQUESTS, "reason", "unknown_schema_id").counter().count()).isEqualTo(1.0);
            assertThat(metrics.scrape()).contains("optgate_dlq_records_total{app=\"" + app
                + "\",reason=\"not_wire_format\",source_topic=\"" + REQUESTS + "\"} 2.0");
        }
    }

    @Test
    void recordNamingAnUnknownSchemaIdIsDeadLetteredAsSuch() {
        try (TopologyTestDriver driver = new TopologyTestDriver(passThrough(registry), config("dispatcher"))) {
            final byte[] unknownId = {0, 0, 0, 0x30, 0x39, 2, 'x'};

            rawInput(driver).pipeInput(KEY, unknownId);

            final TestRecord<byte[], byte[]> dead = rawDlq(driver).readRecord();
            assertThat(header(dead, DeadLetters.REASON)).isEqualTo("UNKNOWN_SCHEMA_ID");
            assertThat(header(dead, DeadLetters.DETAIL)).contains("12345");
        }
    }

    @Test
    void registryOutageFailsTheTaskInsteadOfDeadLetteringAGoodRecord() {
        final byte[] good = wire(request("req-1"));
        final SchemaRegistryClient down = new SchemaRegistryClient() {
            @Override
            public int register(final String subject, final Schema schema) {
                throw new SchemaRegistryUnavailableException("Schema Registry unavailable", null);
            }

            @Override
            public Schema schemaById(final int id) {
                throw new SchemaRegistryUnavailableException("Schema Registry unavailable", null);
            }
        };
        try (TopologyTestDriver driver = new TopologyTestDriver(passThrough(down), config("dispatcher"))) {
            final TestOutputTopic<byte[], byte[]> dlq = rawDlq(driver);

            assertThatThrownBy(() -> rawInput(driver).pipeInput(KEY, good))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(SchemaRegistryUnavailableException.class);
            assertThat(dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void configureInstallsTheHandlerAndTheAppName() {
        final Properties props = DeadLetterQueueDeserializationHandler.configure(new Properties(), "consent-streams");

        assertThat(props).containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterQueueDeserializationHandler.class.getName())
            .containsEntry(DeadLetterQueueDeserializationHandler.APP_NAME_CONFIG, "consent-streams");
    }

    @Test
    void appNameDefaultsToTheApplicationId() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "optgate-dispatcher");

        try (TopologyTestDriver driver = new TopologyTestDriver(passThrough(registry), withHandlerOnly(props))) {
            rawInput(driver).pipeInput(KEY, new byte[] {1});

            assertThat(header(rawDlq(driver).readRecord(), DeadLetters.APP)).isEqualTo("optgate-dispatcher");
        }
    }

    private static Topology passThrough(final SchemaRegistryClient registry) {
        final ContractTopics topics = new ContractTopics(TopicNames.defaults(), new AvroSerdes(registry));
        final TopicSpec<String, MessageRequest> requests = topics.messageRequests();
        final TopicSpec<String, MessageRequest> sms = topics.outbound(Channel.SMS);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(requests.name(), requests.consumed("requests-source")).to(sms.name(), sms.produced("sms-sink"));
        return builder.build();
    }

    private static Properties config(final String appName) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test");
        return withHandlerOnly(DeadLetterQueueDeserializationHandler.configure(props, appName));
    }

    private static Properties withHandlerOnly(final Properties props) {
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterQueueDeserializationHandler.class.getName());
        return props;
    }

    private static TestInputTopic<byte[], byte[]> rawInput(final TopologyTestDriver driver) {
        return driver.createInputTopic(REQUESTS, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static TestOutputTopic<byte[], byte[]> rawDlq(final TopologyTestDriver driver) {
        return driver.createOutputTopic(TopicNames.dlq(REQUESTS), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private byte[] wire(final MessageRequest request) {
        return new AvroSerdes(registry).value(MessageRequest.class).serializer().serialize(REQUESTS, request);
    }

    private static MessageRequest request(final String requestId) {
        return MessageRequest.newBuilder()
            .setRequestId(requestId).setTenantId("vet-42").setClientId("client-7").setTo("+15551234567")
            .setChannel(Channel.SMS).setCategory(Category.BASIC_TRANSACTIONAL).setBody("Your prescription is ready")
            .setRequestedAt(Instant.parse("2025-03-01T09:00:00Z")).build();
    }

    private static String header(final TestRecord<byte[], byte[]> record, final String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
