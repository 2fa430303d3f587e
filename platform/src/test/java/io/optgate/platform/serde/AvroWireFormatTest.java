package io.optgate.platform.serde;

import static io.optgate.platform.serde.TestRecords.avroBinary;
import static io.optgate.platform.serde.TestRecords.refillReminder;
import static io.optgate.platform.serde.TestRecords.wireFormat;
import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: what the serde writes and reads is exactly Confluent's wire format, so Confluent's
 * deserializer, ksqlDB and Kafka Connect read our topics and we read theirs.
 */
class AvroWireFormatTest {

    @Test
    void valueIsMagicByteThenBigEndianSchemaIdThenPlainAvroBinary() {
        final StubRegistry registry = new StubRegistry(0x01020304);
        final MessageRequest request = refillReminder();

        final byte[] written = new AvroSerdes(registry).value(MessageRequest.class).serializer()
            .serialize("message.requests", request);

        final byte[] expected = wireFormat(0x01020304, avroBinary(request));
        assertThat(expected).startsWith(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void smallRecordMatchesBytesWrittenOutByHand() {
        final StubRegistry registry = new StubRegistry(7);
        final Actor actor = Actor.newBuilder().setType(ActorType.STAFF).setId("u1").setName("Ann").build();

        final byte[] written = new AvroSerdes(registry).value(Actor.class).serializer().serialize("actors", actor);

        assertThat(written).containsExactly(
            0x00,                   // magic byte
            0x00, 0x00, 0x00, 0x07, // schema id 7, big-endian
            0x00,                   // type: enum index 0 (STAFF), zig-zag varint
            0x04, 'u', '1',         // id: length 2 (zig-zag 4), UTF-8
            0x02,                   // name: union branch 1 (string)
            0x06, 'A', 'n', 'n');   // length 3 (zig-zag 6), UTF-8
    }

    @Test
    void readsHandBuiltBytes() {
        final String url = TestRecords.freshMockUrl();
        final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(url);
        final MessageRequest request = refillReminder();
        final int id = registry.register("message.requests-value", MessageRequest.getClassSchema());

        final MessageRequest read = new AvroSerdes(registry).value(MessageRequest.class).deserializer()
            .deserialize("message.requests", wireFormat(id, avroBinary(request)));

        assertThat(read).isEqualTo(request);
    }

    @Test
    void valuesAndKeysRegisterUnderTopicNameStrategySubjects() {
        final StubRegistry registry = new StubRegistry(1);
        final AvroSerdes serdes = new AvroSerdes(registry);

        serdes.value(MessageRequest.class).serializer().serialize("message.requests", refillReminder());
        serdes.key(Actor.class).serializer()
            .serialize("actors", Actor.newBuilder().setType(ActorType.SYSTEM).setId("optgate").build());

        assertThat(registry.registeredSubjects).containsExactly("message.requests-value", "actors-key");
    }

    @Test
    void firstSchemaInAFreshInProcessRegistryGetsIdOne() {
        final Serde<MessageRequest> serde = AvroSerdes.forUrl(TestRecords.freshMockUrl()).value(MessageRequest.class);

        final byte[] written = serde.serializer().serialize("message.requests", refillReminder());

        assertThat(written).startsWith(0x00, 0x00, 0x00, 0x00, 0x01);
    }

    @Test
    void writtenRecordReadsBackEqual() {
        final Serde<MessageRequest> serde = AvroSerdes.forUrl(TestRecords.freshMockUrl()).value(MessageRequest.class);
        final MessageRequest request = refillReminder();

        final MessageRequest read = serde.deserializer().deserialize("message.requests",
            serde.serializer().serialize("message.requests", request));

        assertThat(read).isEqualTo(request);
    }

    @Test
    void nullIsATombstoneBothWays() {
        final Serde<MessageRequest> serde = AvroSerdes.forUrl(TestRecords.freshMockUrl()).value(MessageRequest.class);

        assertThat(serde.serializer().serialize("consent.state", null)).isNull();
        assertThat(serde.deserializer().deserialize("consent.state", null)).isNull();
    }
}
