package io.optgate.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.platform.serde.SchemaRegistryUnavailableException;
import io.optgate.platform.serde.UnreadableRecordException;
import io.optgate.platform.serde.UnreadableRecordException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A plain consumer dead-letters a record with the same headers as the streams apps. */
class DeadLettersTest {

    private static final byte[] KEY = "vet-42:client-7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GARBAGE = {'{', '"', 'x', '"', '}'};

    private final MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeadLetters deadLetters = new DeadLetters(producer, "twilio-sender", meters);

    @Test
    void everyDeadLetterIsCountedBySourceTopicAndReasonButNotWhatSendsNothing() {
        deadLetters.sendIfUnreadable(pollFailure(new UnreadableRecordException(Reason.NOT_WIRE_FORMAT, "not wire format", null)));
        deadLetters.sendIfUnreadable(pollFailure(new UnreadableRecordException(Reason.NOT_WIRE_FORMAT, "not wire format", null)));
        deadLetters.send(new ConsumerRecord<>("consent.events", 0, 3L, KEY, GARBAGE), new DeadLetterCause("UNKNOWN_SCHEMA_ID", "id 12345"));

        assertThat(meters.get(DeadLetters.RECORDS_METER).tags("app", "twilio-sender", "source_topic", "dispatch.outbound.sms",
            "reason", "not_wire_format").counter().count()).isEqualTo(2.0);
        assertThat(meters.get(DeadLetters.RECORDS_METER).tags("source_topic", "consent.events", "reason", "unknown_schema_id")
            .counter().count()).isEqualTo(1.0);
        assertThat(meters.find(DeadLetters.RECORDS_METER).counters()).hasSize(2);
    }

    @Test
    void deadLetterKeepsRawBytesOriginalHeadersAndTimestampAndSaysWhy() {
        final Headers original = new RecordHeaders().add("traceparent", utf8("00-abc-01"));
        final ConsumerRecord<byte[], byte[]> read = new ConsumerRecord<>("dispatch.outbound.sms", 2, 41L, 1_700_000_000_000L,
            TimestampType.CREATE_TIME, KEY.length, GARBAGE.length, KEY, GARBAGE, original, Optional.empty());

        deadLetters.send(read, new DeadLetterCause("NOT_WIRE_FORMAT", "5 bytes, first byte is not the magic byte 0"));

        assertThat(producer.history()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("dispatch.outbound.sms.dlq");
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(GARBAGE);
            assertThat(dead.timestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(header(dead, "traceparent")).isEqualTo("00-abc-01");
            assertThat(header(dead, DeadLetters.REASON)).isEqualTo("NOT_WIRE_FORMAT");
            assertThat(header(dead, DeadLetters.DETAIL)).isEqualTo("5 bytes, first byte is not the magic byte 0");
            assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo("dispatch.outbound.sms");
            assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("2");
            assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("41");
            assertThat(header(dead, DeadLetters.APP)).isEqualTo("twilio-sender");
        });
    }

    @Test
    void deadLetterReadAgainGetsFreshHeadersNotDuplicates() {
        final Headers stale = new RecordHeaders().add(DeadLetters.REASON, utf8("OLD")).add(DeadLetters.APP, utf8("other"));

        final ProducerRecord<byte[], byte[]> dead = DeadLetters.record("replayer", "consent.events", 0, 3L, -1L, KEY,
            GARBAGE, stale, new DeadLetterCause("CORRUPT_PAYLOAD", "truncated"));

        assertThat(dead.headers().headers(DeadLetters.REASON)).hasSize(1);
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("CORRUPT_PAYLOAD");
        assertThat(header(dead, DeadLetters.APP)).isEqualTo("replayer");
        assertThat(dead.timestamp()).isNull();
    }

    @Test
    void pollFailureWithUnreadableBytesIsDeadLetteredFromTheExceptionsBuffers() {
        final RecordDeserializationException failure = pollFailure(
            new UnreadableRecordException(Reason.NOT_WIRE_FORMAT, "not wire format", null));

        final var sent = deadLetters.sendIfUnreadable(failure);

        assertThat(sent).isPresent();
        assertThat(producer.history()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("dispatch.outbound.sms.dlq");
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(GARBAGE);
            assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("77");
            assertThat(header(dead, DeadLetters.REASON)).isEqualTo("NOT_WIRE_FORMAT");
        });
    }

    @Test
    void pollFailureBecauseTheRegistryIsDownSendsNothing() {
        final RecordDeserializationException failure =
            pollFailure(new SchemaRegistryUnavailableException("unavailable", null));

        assertThat(deadLetters.sendIfUnreadable(failure)).isEmpty();
        assertThat(producer.history()).isEmpty();
    }

    private static RecordDeserializationException pollFailure(final Exception cause) {
        return new RecordDeserializationException(RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
            new TopicPartition("dispatch.outbound.sms", 1), 77L, 1_700_000_000_000L, TimestampType.CREATE_TIME,
            ByteBuffer.wrap(KEY), ByteBuffer.wrap(GARBAGE), new RecordHeaders(), "Error deserializing VALUE", cause);
    }

    private static String header(final ProducerRecord<byte[], byte[]> record, final String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
