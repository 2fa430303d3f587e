package io.optgate.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.MessageRequest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/** Every contract topic comes with string keys and its own Avro value class. */
class ContractTopicsTest {

    private final AvroSerdes serdes = AvroSerdes.forUrl("mock://contract-topics-" + UUID.randomUUID());

    @Test
    void specsCarryTheConfiguredNames() {
        final ContractTopics topics = new ContractTopics(
            TopicNames.fromEnv(Map.of("OPTGATE_TOPIC_DISPATCH_OUTBOUND_SMS", "vet.sms-out")), serdes);

        assertThat(topics.consentEvents().name()).isEqualTo("consent.events");
        assertThat(topics.consentPhoneEvents().name()).isEqualTo("consent.phone-events");
        assertThat(topics.consentSettings().name()).isEqualTo("consent.settings");
        assertThat(topics.consentState().name()).isEqualTo("consent.state");
        assertThat(topics.consentPhoneState().name()).isEqualTo("consent.phone-state");
        assertThat(topics.consentNotes().name()).isEqualTo("consent.notes");
        assertThat(topics.messageRequests().name()).isEqualTo("message.requests");
        assertThat(topics.dispatchDecisions().name()).isEqualTo("dispatch.decisions");
        assertThat(topics.outbound(Channel.SMS).name()).isEqualTo("vet.sms-out");
        assertThat(topics.outbound(Channel.EMAIL).name()).isEqualTo("dispatch.outbound.email");
        assertThat(topics.dispatchDeliveries().name()).isEqualTo("dispatch.deliveries");
        assertThat(topics.dispatchStats().name()).isEqualTo("ops.dispatch-stats");
    }

    @Test
    void consentEventRoundTripsThroughItsTopicsSerdes() {
        final TopicSpec<String, ConsentEvent> spec = new ContractTopics(TopicNames.defaults(), serdes).consentEvents();
        final ConsentEvent event = ConsentEvent.newBuilder()
            .setEventId("ev-1").setTenantId("vet-42").setClientId("client-7")
            .setOccurredAt(Instant.parse("2025-03-01T09:30:00Z"))
            .setActor(Actor.newBuilder().setType(ActorType.STAFF).setId("u1").build())
            .setChange(ContactChanged.newBuilder().setPhone("+15551234567").build())
            .build();

        assertThat(roundTrip(spec.keySerde(), spec.name(), "vet-42:client-7")).isEqualTo("vet-42:client-7");
        assertThat(roundTrip(spec.valueSerde(), spec.name(), event)).isEqualTo(event);
    }

    @Test
    void outboundTopicsCarryMessageRequests() {
        final TopicSpec<String, MessageRequest> spec = new ContractTopics(TopicNames.defaults(), serdes).outbound(Channel.SMS);
        final MessageRequest request = MessageRequest.newBuilder()
            .setRequestId("req-1").setTenantId("vet-42").setClientId("client-7").setTo("+15551234567")
            .setChannel(Channel.SMS).setCategory(Category.BASIC_TRANSACTIONAL).setBody("Your prescription is ready")
            .setRequestedAt(Instant.parse("2025-03-01T09:30:00Z")).build();

        assertThat(roundTrip(spec.valueSerde(), spec.name(), request)).isEqualTo(request);
    }

    @Test
    void consumedAndProducedNameTheirProcessorsInTheTopology() {
        final ContractTopics topics = new ContractTopics(TopicNames.defaults(), serdes);
        final TopicSpec<String, MessageRequest> requests = topics.messageRequests();
        final TopicSpec<String, MessageRequest> sms = topics.outbound(Channel.SMS);
        final StreamsBuilder builder = new StreamsBuilder();

        builder.stream(requests.name(), requests.consumed("requests-source")).to(sms.name(), sms.produced("sms-sink"));

        assertThat(builder.build().describe().toString())
            .contains("Source: requests-source (topics: [message.requests])")
            .contains("Sink: sms-sink (topic: dispatch.outbound.sms)");
    }

    private static <T> T roundTrip(final Serde<T> serde, final String topic, final T value) {
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, value));
    }
}
