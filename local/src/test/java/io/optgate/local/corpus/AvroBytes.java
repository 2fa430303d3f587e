package io.optgate.local.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Consumer;

/** Hand-made Avro and wire-format bytes: what a broken or foreign producer could put on a topic. */
final class AvroBytes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroBytes() {
    }

    /** The Confluent wire format: magic byte 0, the schema id big-endian, the Avro body. */
    static byte[] wire(final int schemaId, final byte[] body) {
        final byte[] out = new byte[5 + body.length];
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
        System.arraycopy(body, 0, out, 5, body.length);
        return out;
    }

    /** The Avro body of wire-format bytes. */
    static byte[] body(final byte[] wire) {
        return Arrays.copyOfRange(wire, 5, wire.length);
    }

    /** Avro binary written field by field, for values no generated class can hold. */
    static byte[] encode(final Consumer<BinaryEncoder> fields) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        fields.accept(encoder);
        return out.toByteArray();
    }

    /** Avro's zig-zag varint of {@code value}: how every length and count is declared. */
    static byte[] varint(final long value) {
        return encode(e -> io(() -> e.writeLong(value)));
    }

    /**
     * {@code wire} with its first string (every contract record starts with an id) declaring
     * {@code length} bytes instead of its own.
     */
    static byte[] withFirstLengthDeclared(final byte[] wire, final long length) {
        int end = 5;
        while ((wire[end] & 0x80) != 0) {
            end++;
        }
        final byte[] declared = varint(length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(wire, 0, 5);
        out.write(declared, 0, declared.length);
        out.write(wire, end + 1, wire.length - end - 1);
        return out.toByteArray();
    }

    /**
     * The reader's schema with one more enum symbol for {@code enumName}: a newer writer, whose new
     * symbol the reader cannot know.
     */
    static Schema withExtraSymbol(final Schema reader, final String enumName, final String symbol) {
        final String json = reader.toString();
        final String marker = "\"name\":\"" + enumName + "\"";
        final int at = json.indexOf(marker);
        final int end = json.indexOf(']', json.indexOf("\"symbols\":[", at));
        // Last, so that the known symbols keep their indices.
        return new Schema.Parser().parse(json.substring(0, end) + ",\"" + symbol + "\"" + json.substring(end));
    }

    /** The reader's schema with a last field {@code chain}, a linked list the reader skips. */
    static Schema withRecursiveField(final Schema reader) {
        try {
            final ObjectNode root = (ObjectNode) JSON.readTree(reader.toString());
            final ObjectNode link = JSON.createObjectNode().put("type", "record").put("name", "CorpusLink");
            link.putArray("fields").addObject().put("name", "next").putArray("type").add("null").add("CorpusLink");
            ((ArrayNode) root.get("fields")).addObject().put("name", "chain").set("type", link);
            return new Schema.Parser().parse(JSON.writeValueAsString(root));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The encoding of {@code depth} links and the null that ends them, for {@link #withRecursiveField}. */
    static byte[] chain(final int depth) {
        final byte[] out = new byte[depth + 1];
        Arrays.fill(out, 0, depth, (byte) 2);
        return out;
    }

    /** The reader's schema with the type of its first field (the id) changed to int: it cannot resolve. */
    static Schema withIntId(final Schema reader) {
        try {
            final ObjectNode root = (ObjectNode) JSON.readTree(reader.toString());
            ((ObjectNode) root.get("fields").get(0)).put("type", "int");
            return new Schema.Parser().parse(JSON.writeValueAsString(root));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void io(final IoAction action) {
        try {
            action.run();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
