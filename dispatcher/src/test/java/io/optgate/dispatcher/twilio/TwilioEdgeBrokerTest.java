package io.optgate.dispatcher.twilio;

import io.optgate.testing.twilio.TwilioSignature;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicProvisioner;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole Twilio edge as the dispatcher app runs it: a text on the outbound topic reaches the
 * Twilio stand-in and comes back as QUEUED on {@code dispatch.deliveries}; Twilio's signed callbacks
 * through the HTTP server move it forward and never back; a signed STOP becomes a phone event.
 */
@RealKafka
class TwilioEdgeBrokerTest {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000ed9";
    static final String AUTH_TOKEN = "edge-test-token";
    static final String PUBLIC_URL = "https://optgate.example.com";
    static final String PRACTICE_NUMBER = "+15005550006";
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;
    final List<AutoCloseable> toClose = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    static PracticeDirectory practices() {
        return new PracticeDirectory() {
            @Override
            public Optional<CommunicationSettings> settings(final String tenantId) {
                return "vet-1".equals(tenantId)
                        ? Optional.of(CommunicationSettings.newBuilder().setEnabled(true).setSmsFrom(PRACTICE_NUMBER)
                        .setHelpText("Riverside Vets, 555 0100").build())
                        : Optional.empty();
            }

            @Override
            public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> tenantOwningNumber(final String e164) {
                return PRACTICE_NUMBER.equals(e164) ? Optional.of("vet-1") : Optional.empty();
            }
        };
    }

    HttpResponse<String> post(final HttpApi api, final String pathAndQuery, final Map<String, String> form,
                              final Optional<String> signature) throws IOException, InterruptedException {
        final String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUri() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signature.ifPresent(s -> request.header("X-Twilio-Signature", s));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postSigned(final HttpApi api, final String pathAndQuery, final Map<String, String> form)
            throws IOException, InterruptedException {
        return post(api, pathAndQuery, form, Optional.of(TwilioSignature.of(AUTH_TOKEN, PUBLIC_URL + pathAndQuery, form)));
    }

    static <T> List<T> readAll(final KafkaCluster kafka, final String topic,
                               final org.apache.kafka.common.serialization.Deserializer<T> values) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            final List<T> all = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                for (final ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    all.add(values.deserialize(topic, record.value()));
                }
            }
            return all;
        }
    }

    @Test
    void aTextGoesOutAndItsCallbacksComeBackInOrder(final KafkaCluster kafka) throws Exception {
        final String prefix = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> variables = new HashMap<>();
        variables.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        variables.put("OPTGATE_PUBLIC_URL", PUBLIC_URL);
        variables.put("OPTGATE_DATA_DIR", dataDir.toString());
        variables.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        variables.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        final TwilioStandIn twilio = TwilioStandIn.start(TwilioOpenApi.load(), ACCOUNT_SID, AUTH_TOKEN);
        toClose.add(twilio);
        variables.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
        variables.putAll(TopicNames.prefixedVariables(prefix + "."));
        final Env env = Env.of(variables);
        final TopicNames names = TopicNames.fromEnv(env.asMap());
        final ContractTopics topics = new ContractTopics(names, new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + prefix)));
        kafka.createTopic(names.outbound(Channel.SMS), 2);
        kafka.createTopic(names.dispatchDeliveries(), 2);
        kafka.createTopic(names.consentPhoneEvents(), 1);
        kafka.createCompactedTopic(names.consentState(), 2); // read by the sender's send-time check
        kafka.createCompactedTopic(names.consentPhoneState(), 1);
        kafka.createTopic(names.outbound(Channel.SMS) + ".dlq", 1);

        final CommonConfig common = CommonConfig.from(env);
        try (Admin admin = kafka.createAdmin()) {
            new TopicProvisioner(admin).provision(TwilioEdge.topics(names, 2));
        }
        final Metrics metrics = Metrics.prometheus();
        toClose.add(metrics);
        // The dispatcher app adds the gate to its own topology; here it runs alone.
        final StreamsBuilder builder = new StreamsBuilder();
        TwilioEdge.addGateTo(builder, topics);
        final String gateApp = prefix + "-gate";
        final Properties gateConfig = StreamsConfigs.build(gateApp, common, Map.of());
        final StreamsRunner gate = StreamsRunner.builder(new StreamsApp("gate", builder.build(gateConfig), gateConfig))
                .build().start();
        toClose.add(gate);
        final TwilioEdge edge = TwilioEdge.create(TwilioConfig.from(env), common.kafka().asMap(), common.publicUrl(),
                topics, practices(), metrics.registry(), Clock.systemUTC());
        toClose.add(edge);
        final HttpApi api = HttpApi.builder().port(0).routes(edge.routes()).build().start();
        toClose.add(api);
        edge.start();

        // A text goes out: Twilio gets it once, dispatch.deliveries says QUEUED with the SID.
        final MessageRequest text = MessageRequest.newBuilder()
                .setRequestId("edge-1").setTenantId("vet-1").setClientId("c-1").setTo("+15551230000")
                .setChannel(Channel.SMS).setCategory(Category.BASIC_TRANSACTIONAL).setPreferenceId(null)
                .setBody("Your prescription is ready").setRequestedAt(Instant.now()).setExpiresAt(null).setSource(null)
                .build();
        try (KafkaProducer<String, MessageRequest> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), topics.outbound(Channel.SMS).valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(names.outbound(Channel.SMS), "vet-1:c-1", text)).get();
        }
        await().atMost(PATIENCE).until(() -> readAll(kafka, names.dispatchDeliveries(),
                topics.dispatchDeliveries().valueSerde().deserializer()).size() == 1);
        final DeliveryEvent queued = readAll(kafka, names.dispatchDeliveries(),
                topics.dispatchDeliveries().valueSerde().deserializer()).get(0);
        assertThat(queued.getStatus()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(twilio.requestsFor("edge-1")).isEqualTo(1);
        final String callbackUrl = twilio.received().get(0).form().get("StatusCallback");
        assertThat(callbackUrl).startsWith(PUBLIC_URL + "/twilio/status?");
        final String callbackPath = callbackUrl.substring(PUBLIC_URL.length());

        // Twilio calls back: delivered first, then a late sent; only delivered passes the gate.
        assertThat(postSigned(api, callbackPath, status(queued.getProviderMessageId(), "delivered")).statusCode()).isEqualTo(204);
        assertThat(postSigned(api, callbackPath, status(queued.getProviderMessageId(), "sent")).statusCode()).isEqualTo(204);
        assertThat(post(api, callbackPath, status(queued.getProviderMessageId(), "failed"), Optional.empty()).statusCode())
                .isEqualTo(403);
        await().atMost(PATIENCE).until(() -> readAll(kafka, names.dispatchDeliveries(),
                topics.dispatchDeliveries().valueSerde().deserializer()).size() == 2);
        // The late "sent" is written to the gate's input but not passed on.
        await().atMost(PATIENCE).until(() -> readAll(kafka, TwilioEdge.updatesTopic(names),
                topics.dispatchDeliveries().valueSerde().deserializer()).size() == 3);
        kafka.awaitNoLag(gateApp, PATIENCE);
        assertThat(readAll(kafka, names.dispatchDeliveries(), topics.dispatchDeliveries().valueSerde().deserializer()))
                .extracting(DeliveryEvent::getStatus).containsExactly(DeliveryStatus.QUEUED, DeliveryStatus.DELIVERED);

        // A client replies STOP: a phone event for the practice owning the number; HELP gets the help text.
        final Map<String, String> stop = inbound("SM00000000000000000000000000000001", "STOP");
        final HttpResponse<String> stopAnswer = postSigned(api, "/twilio/inbound", stop);
        assertThat(stopAnswer.statusCode()).isEqualTo(200);
        assertThat(stopAnswer.body()).contains("<Message>You are unsubscribed from this number");
        final HttpResponse<String> helpAnswer = postSigned(api, "/twilio/inbound", inbound("SM00000000000000000000000000000002", "help"));
        assertThat(helpAnswer.body()).contains("<Message>Riverside Vets, 555 0100</Message>");
        assertThat(helpAnswer.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/xml"));
        assertThat(post(api, "/twilio/inbound", inbound("SM00000000000000000000000000000003", "START"), Optional.empty())
                .statusCode()).isEqualTo(403);
        final List<PhoneConsentEvent> phoneEvents = readAll(kafka, names.consentPhoneEvents(),
                topics.consentPhoneEvents().valueSerde().deserializer());
        assertThat(phoneEvents).extracting(PhoneConsentEvent::getKind)
                .containsExactly(PhoneConsentKind.OPT_OUT, PhoneConsentKind.HELP);
        assertThat(edge.healthChecks()).allMatch(check -> check.status().up());
        assertThat(gate.isRunning()).isTrue();
    }

    static Map<String, String> status(final String sid, final String status) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", ACCOUNT_SID);
        form.put("From", PRACTICE_NUMBER);
        form.put("To", "+15551230000");
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    static Map<String, String> inbound(final String sid, final String body) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("AccountSid", ACCOUNT_SID);
        form.put("From", "+15551230000");
        form.put("To", PRACTICE_NUMBER);
        form.put("Body", body);
        form.put("NumMedia", "0");
        return form;
    }
}
