package io.optgate.dispatcher.twilio;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.optgate.schema.DeliveryStatus.DELIVERED;
import static io.optgate.schema.DeliveryStatus.FAILED;
import static io.optgate.schema.DeliveryStatus.QUEUED;
import static io.optgate.schema.DeliveryStatus.SENT;
import static io.optgate.schema.DeliveryStatus.UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatusGateTest {

    static final String UPDATES = "dispatch.deliveries.updates";
    static final String DELIVERIES = "dispatch.deliveries";
    static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, DeliveryEvent> updates;
    TestOutputTopic<String, DeliveryEvent> deliveries;

    @BeforeEach
    void start() {
        final Serde<DeliveryEvent> events = new AvroSerdes(SchemaRegistryClients.forUrl("mock://delivery-gate-test"))
                .value(DeliveryEvent.class);
        final StreamsBuilder builder = new StreamsBuilder();
        DeliveryStatusGate.build(builder, UPDATES, DELIVERIES, events, Duration.ofDays(14));
        final Topology topology = builder.build();
        driver = new TopologyTestDriver(topology,
                DeliveryStatusGate.config(Map.of("bootstrap.servers", "unused:9092"), "gate-test", stateDir), T0);
        updates = driver.createInputTopic(UPDATES, new StringSerializer(), events.serializer());
        deliveries = driver.createOutputTopic(DELIVERIES, new StringDeserializer(), events.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static DeliveryEvent event(final String requestId, final DeliveryStatus status, final String errorCode) {
        return DeliveryEvent.newBuilder()
                .setRequestId(requestId)
                .setTenantId("vet-1")
                .setClientId("client-1")
                .setProvider("twilio")
                .setProviderMessageId("SM1")
                .setStatus(status)
                .setErrorCode(errorCode)
                .setErrorMessage(null)
                .setAttempt(1)
                .setAt(T0)
                .build();
    }

    void pipe(final String requestId, final DeliveryStatus... statuses) {
        for (final DeliveryStatus status : statuses) {
            updates.pipeInput("vet-1:client-1", event(requestId, status, null));
        }
    }

    List<DeliveryStatus> passed() {
        return deliveries.readValuesToList().stream().map(DeliveryEvent::getStatus).toList();
    }

    @Test
    void statusesInOrderAllPassThroughUnderTheClientKey() {
        pipe("r1", QUEUED, SENT, DELIVERED);

        final List<KeyValue<String, DeliveryEvent>> out = deliveries.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsOnly("vet-1:client-1");
        assertThat(out).extracting(kv -> kv.value.getStatus()).containsExactly(QUEUED, SENT, DELIVERED);
    }

    @Test
    void aLateSentAfterDeliveredIsHeldBack() {
        pipe("r1", QUEUED, DELIVERED, SENT);

        assertThat(passed()).containsExactly(QUEUED, DELIVERED);
    }

    @Test
    void theSendersQueuedArrivingAfterTwiliosFirstCallbackIsHeldBack() {
        pipe("r1", SENT, QUEUED, DELIVERED);

        assertThat(passed()).containsExactly(SENT, DELIVERED);
    }

    @Test
    void aRepeatedCallbackPassesOnce() {
        pipe("r1", QUEUED, SENT, SENT, DELIVERED, DELIVERED);

        assertThat(passed()).containsExactly(QUEUED, SENT, DELIVERED);
    }

    @Test
    void theFirstFinalStatusWins() {
        pipe("r1", QUEUED, UNDELIVERED, DELIVERED, FAILED);

        assertThat(passed()).containsExactly(QUEUED, UNDELIVERED);
    }

    @Test
    void anUnconfirmedHandOverGivesWayToWhatTwilioReports() {
        updates.pipeInput("vet-1:client-1", event("r1", FAILED, DeliveryProgress.UNCONFIRMED));
        pipe("r1", SENT, DELIVERED);

        assertThat(passed()).containsExactly(FAILED, SENT, DELIVERED);
    }

    @Test
    void requestsAreGatedIndependently() {
        pipe("r1", DELIVERED);
        pipe("r2", QUEUED);
        pipe("r1", SENT);
        pipe("r2", SENT);

        assertThat(passed()).containsExactly(DELIVERED, QUEUED, SENT);
    }

    @Test
    void progressIsForgottenAfterTheRetention() {
        pipe("r1", DELIVERED);
        final KeyValueStore<String, String> store = driver.getKeyValueStore(DeliveryStatusGate.STORE);
        assertThat(store.get("vet-1:client-1/r1")).startsWith("DELIVERED;3;");

        driver.advanceWallClockTime(Duration.ofDays(15));

        assertThat(store.get("vet-1:client-1/r1")).isNull();
    }

    @Test
    void progressStoredUnderTheKeyWithoutTheClientStillHoldsAfterTheUpgrade() {
        final KeyValueStore<String, String> store = driver.getKeyValueStore(DeliveryStatusGate.STORE);
        store.put("vet-1:r1", DeliveryStatusGate.encode(DeliveryProgress.of(DELIVERED, null), 0L));

        pipe("r1", SENT);

        assertThat(passed()).isEmpty();
    }

    @Test
    void everyProcessorAndStoreIsNamed() {
        final StreamsBuilder builder = new StreamsBuilder();
        DeliveryStatusGate.build(builder, UPDATES, DELIVERIES,
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://delivery-gate-test")).value(DeliveryEvent.class),
                Duration.ofDays(1));
        assertThat(builder.build().describe().toString())
                .contains("twilio-delivery-updates-source", "twilio-delivery-progress-gate", "twilio-dispatch-deliveries-sink",
                        DeliveryStatusGate.STORE);
    }
}
