package io.optgate.platform.serde;

import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Sample records and hand-built wire-format bytes for the serde tests. */
final class TestRecords {

    static final String SECRET_BODY = "Rex's heartworm refill is ready";

    private TestRecords() {
    }

    static MessageRequest refillReminder() {
        return MessageRequest.newBuilder()
            .setRequestId("req-1")
            .setTenantId("vet-42")
            .setClientId("client-7")
            .setTo("+15551234567")
            .setChannel(Channel.SMS)
            .setCategory(Category.FULL_TRANSACTIONAL)
            .setBody(SECRET_BODY)
            .setRequestedAt(Instant.parse("2025-03-01T09:30:00Z"))
            .setExpiresAt(Instant.parse("2025-03-02T09:30:00Z"))
            .setSource("pharmacy")
            .build();
    }

    /** A registry scope no other test uses. */
    static String freshMockUrl() {
        return "mock://test-" + UUID.randomUUID();
    }

    /** Avro binary of {@code record} as Avro's own encoder writes it: no header, no container. */
    static byte[] avroBinary(final SpecificRecord record) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                .write(record, encoder);
            encoder.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Avro binary of a generic datum written with {@code writer}. */
    static byte[] avroBinary(final Schema writer, final Object datum) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<Object>(writer).write(datum, encoder);
            encoder.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Magic byte 0, the id as 4 big-endian bytes, then {@code avro}. */
    static byte[] wireFormat(final int schemaId, final byte[] avro) {
        final byte[] bytes = new byte[5 + avro.length];
        bytes[0] = 0x00;
        bytes[1] = (byte) (schemaId >> 24);
        bytes[2] = (byte) (schemaId >> 16);
        bytes[3] = (byte) (schemaId >> 8);
        bytes[4] = (byte) schemaId;
        System.arraycopy(avro, 0, bytes, 5, avro.length);
        return bytes;
    }
}
