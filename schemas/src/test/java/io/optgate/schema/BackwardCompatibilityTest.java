package io.optgate.schema;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build gate for schema evolution: every type of the last released contract version
 * ({@code schemas/released/vN}) must stay readable by the current schemas (Avro BACKWARD
 * compatibility: new reader, old writer), so consumers upgraded first never fail on old records.
 * To release a version, copy {@code src/main/avro} to {@code released/v(N+1)}.
 */
class BackwardCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("released");

    @Test
    void everyReleasedTypeIsReadableByTheCurrentSchemas() throws IOException {
        final Path lastRelease = lastRelease();
        final Map<String, Schema> released = SchemaDirectory.namedTypes(lastRelease);
        final Map<String, Schema> current = SchemaDirectory.namedTypes(CURRENT);

        final List<String> problems = new ArrayList<>();
        released.forEach((name, writer) -> {
            final Schema reader = current.get(name);
            if (reader == null) {
                problems.add(name + " was removed; readers of " + lastRelease.getFileName() + " data need it");
                return;
            }
            final var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
            if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(name + " is not BACKWARD compatible with " + lastRelease.getFileName() + ": "
                        + result.getIncompatibilities());
            }
        });
        assertThat(problems).as("schema changes that break readers").isEmpty();
    }

    @Test
    void theGateCatchesARemovedEnumSymbol() {
        final Schema writer = new Schema.Parser().parse(
                "{\"type\":\"enum\",\"name\":\"L\",\"symbols\":[\"A\",\"B\"]}");
        final Schema reader = new Schema.Parser().parse(
                "{\"type\":\"enum\",\"name\":\"L\",\"symbols\":[\"A\"]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void theGateCatchesANewFieldWithoutDefault() {
        final Schema writer = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        final Schema reader = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                        + "{\"name\":\"b\",\"type\":\"string\"}]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void aDeliveryStatusFromALaterVersionReadsAsFailed() throws IOException {
        final Schema current = DeliveryEvent.getClassSchema().getField("status").schema();
        assertThat(current.getEnumSymbols()).contains("CANCELLED");
        assertThat(current.getEnumDefault()).isEqualTo("FAILED");
        final Schema later = new Schema.Parser().parse("{\"type\":\"enum\",\"name\":\"DeliveryStatus\","
                + "\"namespace\":\"io.optgate.schema\",\"symbols\":[\"QUEUED\",\"SENT\",\"DELIVERED\","
                + "\"UNDELIVERED\",\"FAILED\",\"DRY_RUN\",\"CANCELLED\",\"HELD\"],\"default\":\"FAILED\"}");
        final var out = new java.io.ByteArrayOutputStream();
        final var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<Object>(later)
                .write(new org.apache.avro.generic.GenericData.EnumSymbol(later, "HELD"), encoder);
        encoder.flush();
        final Object read = new org.apache.avro.generic.GenericDatumReader<Object>(later, current).read(null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read.toString()).isEqualTo("FAILED");
    }

    @Test
    void theGeneratedClassesAreTheCurrentSchemas() {
        final Map<String, Schema> current = SchemaDirectory.namedTypes(CURRENT);
        // Parsing form: the generated classes add Java-only properties (avro.java.string) that do not change the data.
        for (final Schema generated : List.of(ConsentEvent.getClassSchema(), DispatchDecision.getClassSchema(),
                MessageRequest.getClassSchema(), ConsentState.getClassSchema(), DeliveryEvent.getClassSchema())) {
            assertThat(SchemaNormalization.toParsingForm(current.get(generated.getFullName())))
                    .isEqualTo(SchemaNormalization.toParsingForm(generated));
        }
    }

    private static Path lastRelease() throws IOException {
        try (Stream<Path> versions = Files.list(RELEASED)) {
            return versions.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().matches("v\\d+"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(1))))
                    .orElseThrow(() -> new IllegalStateException("no released schema version under " + RELEASED));
        }
    }
}
