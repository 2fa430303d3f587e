package io.optgate.platform.serde;

/**
 * Confluent Schema Registry wire format: byte 0 is the magic byte {@code 0}, bytes 1-4 the schema id
 * (big-endian), then the Avro binary encoding of the record without any container-file header.
 * Subjects follow the TopicNameStrategy: {@code <topic>-key} and {@code <topic>-value}.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int ID_SIZE = 4;
    static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {
    }

    static String subject(final String topic, final boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    static void writeHeader(final byte[] target, final int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    static boolean hasHeader(final byte[] data) {
        return data.length >= HEADER_SIZE && data[0] == MAGIC_BYTE;
    }

    static int schemaId(final byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
