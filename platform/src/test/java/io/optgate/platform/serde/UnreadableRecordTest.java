package io.optgate.platform.serde;

import static io.optgate.platform.serde.TestRecords.SECRET_BODY;
import static io.optgate.platform.serde.TestRecords.avroBinary;
import static io.optgate.platform.serde.TestRecords.refillReminder;
import static io.optgate.platform.serde.TestRecords.wireFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.platform.serde.UnreadableRecordException.Reason;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.MessageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bytes that cannot be read raise a typed, payload-free exception; a registry outage does not look like bad bytes. */
class UnreadableRecordTest {

    private final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(TestRecords.freshMockUrl());
    private final Deserializer<MessageRequest> deserializer =
        new AvroSerdes(registry).value(MessageRequest.class).deserializer();

    @Test
    void bytesShorterThanTheHeaderAreNotWireFormat() {
        assertUnreadable(() -> deserializer.deserialize("message.requests", new byte[] {0, 0, 1}), Reason.NOT_WIRE_FORMAT)
            .hasMessageContaining("3 bytes");
        assertUnreadable(() -> deserializer.deserialize("message.requests", new byte[0]), Reason.NOT_WIRE_FORMAT);
    }

    @Test
    void plainJsonIsNotWireFormatAndItsContentStaysOutOfTheMessage() {
        final byte[] json = ("{\"body\":\"" + SECRET_BODY + "\"}").getBytes(StandardCharsets.UTF_8);

        assertUnreadable(() -> deserializer.deserialize("message.requests", json), Reason.NOT_WIRE_FORMAT)
            .hasMessageContaining("magic byte")
            .hasMessageNotContaining("heartworm");
    }

    @Test
    void schemaIdTheRegistryDoesNotKnowIsUnknownSchemaId() {
        final byte[] bytes = wireFormat(4242, avroBinary(refillReminder()));

        assertUnreadable(() -> deserializer.deserialize("message.requests", bytes), Reason.UNKNOWN_SCHEMA_ID)
            .hasMessageContaining("4242");
    }

    @Test
    void recordWrittenWithAnUnrelatedSchemaIsIncompatible() {
        final int actorId = registry.register("actors-value", Actor.getClassSchema());
        final byte[] actor = wireFormat(actorId,
            avroBinary(Actor.newBuilder().setType(ActorType.CLIENT).setId("client-7").build()));

        assertUnreadable(() -> deserializer.deserialize("message.requests", actor), Reason.INCOMPATIBLE_SCHEMA);
    }

    @Test
    void schemaTheRegistryCannotHandOverAsAvroIsIncompatible() {
        final SchemaRegistryClient protobufOnly = new SchemaRegistryClient() {
            @Override
            public int register(final String subject, final Schema schema) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Schema schemaById(final int id) {
                throw new UnsupportedSchemaException("schema " + id + " is a PROTOBUF schema, not Avro");
            }
        };
        final Deserializer<MessageRequest> reader = new AvroSerdes(protobufOnly).value(MessageRequest.class).deserializer();

        assertUnreadable(() -> reader.deserialize("message.requests", wireFormat(3, new byte[] {2, 'x'})),
            Reason.INCOMPATIBLE_SCHEMA).hasMessageContaining("PROTOBUF");
    }

    @Test
    void truncatedAvroBodyIsCorruptAndItsContentStaysOutOfTheMessage() {
        final byte[] whole = new AvroSerdes(registry).value(MessageRequest.class).serializer()
            .serialize("message.requests", refillReminder());
        final byte[] truncated = Arrays.copyOf(whole, whole.length - 12);

        assertUnreadable(() -> deserializer.deserialize("message.requests", truncated), Reason.CORRUPT_PAYLOAD)
            .hasMessageNotContaining("heartworm")
            .hasMessageNotContaining("+1555");
    }

    @Test
    void bytesLeftOverAfterTheRecordAreCorrupt() {
        final byte[] whole = new AvroSerdes(registry).value(MessageRequest.class).serializer()
            .serialize("message.requests", refillReminder());
        final byte[] padded = Arrays.copyOf(whole, whole.length + 1);

        assertUnreadable(() -> deserializer.deserialize("message.requests", padded), Reason.CORRUPT_PAYLOAD)
            .hasMessageContaining("left over");
    }

    @Test
    void registryOutageIsRetriableNotUnreadable() {
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
        final Deserializer<MessageRequest> reader = new AvroSerdes(down).value(MessageRequest.class).deserializer();
        final byte[] bytes = wireFormat(1, avroBinary(refillReminder()));

        assertThatThrownBy(() -> reader.deserialize("message.requests", bytes))
            .isExactlyInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void aValueNestedDeeperThanTheStackIsCorruptNotAStackOverflow() {
        // A writer schema may add a recursive field the reader skips; 20,000 levels take 20 KB and
        // overflowed the stack, an Error that killed the stream thread on every retry of the record.
        final Schema writer = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Actor\", "
            + "\"namespace\": \"io.optgate.schema\", \"fields\": ["
            + "{\"name\": \"type\", \"type\": {\"type\": \"enum\", \"name\": \"ActorType\", "
            + "\"symbols\": [\"STAFF\", \"SUPPORT\", \"CLIENT\", \"SYSTEM\"]}},"
            + "{\"name\": \"id\", \"type\": \"string\"},"
            + "{\"name\": \"chain\", \"type\": {\"type\": \"record\", \"name\": \"Link\", "
            + "\"fields\": [{\"name\": \"next\", \"type\": [\"null\", \"Link\"]}]}}]}");
        final int id = registry.register("deep-value", writer);
        final int depth = 20_000;
        final byte[] avro = new byte[3 + depth + 1];
        avro[0] = 0; // STAFF
        avro[1] = 2; // id: one character
        avro[2] = 'x';
        Arrays.fill(avro, 3, 3 + depth, (byte) 2); // union branch 1: another Link
        avro[3 + depth] = 0; // union branch 0: null ends the chain
        final Deserializer<Actor> actors = new AvroSerdes(registry).value(Actor.class).deserializer();

        assertUnreadable(() -> actors.deserialize("message.requests", wireFormat(id, avro)), Reason.CORRUPT_PAYLOAD)
            .hasMessageContaining("nested too deeply");
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertUnreadable(
        final ThrowingCallable call, final Reason reason) {
        return assertThatThrownBy(call)
            .isInstanceOfSatisfying(UnreadableRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
            .hasMessageContaining("topic message.requests");
    }
}
