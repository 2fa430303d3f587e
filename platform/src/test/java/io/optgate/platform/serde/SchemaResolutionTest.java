package io.optgate.platform.serde;

import static io.optgate.platform.serde.TestRecords.avroBinary;
import static io.optgate.platform.serde.TestRecords.wireFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** Records written with another version of a schema are read by resolving the writer's schema to ours. */
class SchemaResolutionTest {

    /** MessageRequest as an early writer knew it: no preferenceId, expiresAt or source. */
    private static final Schema OLDER_WRITER = new Schema.Parser().parse("""
        {"type": "record", "name": "MessageRequest", "namespace": "io.optgate.schema", "fields": [
          {"name": "requestId", "type": "string"},
          {"name": "tenantId", "type": "string"},
          {"name": "clientId", "type": "string"},
          {"name": "to", "type": "string"},
          {"name": "channel", "type": {"type": "enum", "name": "Channel", "symbols": ["SMS", "EMAIL", "LETTER", "PHONE"]}},
          {"name": "category", "type": {"type": "enum", "name": "Category",
             "symbols": ["BASIC_TRANSACTIONAL", "FULL_TRANSACTIONAL", "MARKETING", "CONSENT_CONFIRMATION"]}},
          {"name": "body", "type": "string"},
          {"name": "requestedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
        ]}""");

    /** MessageRequest as a later writer knows it: a new channel and a new field with a default. */
    private static final Schema NEWER_WRITER = new Schema.Parser().parse("""
        {"type": "record", "name": "MessageRequest", "namespace": "io.optgate.schema", "fields": [
          {"name": "requestId", "type": "string"},
          {"name": "tenantId", "type": "string"},
          {"name": "clientId", "type": "string"},
          {"name": "to", "type": "string"},
          {"name": "channel", "type": {"type": "enum", "name": "Channel",
             "symbols": ["SMS", "EMAIL", "LETTER", "PHONE", "WHATSAPP", "UNKNOWN"], "default": "UNKNOWN"}},
          {"name": "category", "type": {"type": "enum", "name": "Category",
             "symbols": ["BASIC_TRANSACTIONAL", "FULL_TRANSACTIONAL", "MARKETING", "CONSENT_CONFIRMATION", "UNKNOWN"],
             "default": "UNKNOWN"}},
          {"name": "preferenceId", "type": ["null", "string"], "default": null},
          {"name": "body", "type": "string"},
          {"name": "requestedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "expiresAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
          {"name": "source", "type": ["null", "string"], "default": null},
          {"name": "priority", "type": "int", "default": 0}
        ]}""");

    /** A writer that dropped the body: our reader has no default for it, so these records cannot be read. */
    private static final Schema WRITER_WITHOUT_BODY = new Schema.Parser().parse("""
        {"type": "record", "name": "MessageRequest", "namespace": "io.optgate.schema", "fields": [
          {"name": "requestId", "type": "string"},
          {"name": "tenantId", "type": "string"},
          {"name": "clientId", "type": "string"},
          {"name": "to", "type": "string"}
        ]}""");

    private final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(TestRecords.freshMockUrl());
    private final Deserializer<MessageRequest> deserializer =
        new AvroSerdes(registry).value(MessageRequest.class).deserializer();

    @Test
    void recordFromAnOlderWriterReadsWithDefaultsForFieldsItDidNotHave() {
        final GenericRecord old = base(OLDER_WRITER);
        old.put("channel", new GenericData.EnumSymbol(OLDER_WRITER.getField("channel").schema(), "SMS"));
        old.put("category", new GenericData.EnumSymbol(OLDER_WRITER.getField("category").schema(), "MARKETING"));
        final int id = registry.register("old-writer-value", OLDER_WRITER);

        final MessageRequest read = deserializer.deserialize("message.requests", wireFormat(id, avroBinary(OLDER_WRITER, old)));

        assertThat(read.getRequestId()).isEqualTo("req-9");
        assertThat(read.getChannel()).isEqualTo(Channel.SMS);
        assertThat(read.getCategory()).isEqualTo(Category.MARKETING);
        assertThat(read.getRequestedAt()).isEqualTo(Instant.parse("2025-03-01T09:30:00Z"));
        assertThat(read.getPreferenceId()).isNull();
        assertThat(read.getExpiresAt()).isNull();
        assertThat(read.getSource()).isNull();
    }

    @Test
    void recordFromANewerWriterReadsWithItsNewFieldIgnoredAndNewSymbolAsUnknown() {
        final GenericRecord newer = base(NEWER_WRITER);
        newer.put("channel", new GenericData.EnumSymbol(NEWER_WRITER.getField("channel").schema(), "WHATSAPP"));
        newer.put("category", new GenericData.EnumSymbol(NEWER_WRITER.getField("category").schema(), "BASIC_TRANSACTIONAL"));
        newer.put("source", "reminders");
        newer.put("priority", 5);
        final int id = registry.register("new-writer-value", NEWER_WRITER);

        final MessageRequest read = deserializer.deserialize("message.requests", wireFormat(id, avroBinary(NEWER_WRITER, newer)));

        assertThat(read.getChannel()).isEqualTo(Channel.UNKNOWN);
        assertThat(read.getCategory()).isEqualTo(Category.BASIC_TRANSACTIONAL);
        assertThat(read.getSource()).isEqualTo("reminders");
        assertThat(read.getBody()).isEqualTo("Your order has shipped");
    }

    @Test
    void recordFromAWriterLackingARequiredFieldIsUnreadableAsIncompatible() {
        final GenericRecord partial = new GenericData.Record(WRITER_WITHOUT_BODY);
        partial.put("requestId", "req-9");
        partial.put("tenantId", "vet-42");
        partial.put("clientId", "client-7");
        partial.put("to", "+15551234567");
        final int id = registry.register("partial-writer-value", WRITER_WITHOUT_BODY);
        final byte[] bytes = wireFormat(id, avroBinary(WRITER_WITHOUT_BODY, partial));

        assertThatThrownBy(() -> deserializer.deserialize("message.requests", bytes))
            .isInstanceOfSatisfying(UnreadableRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(UnreadableRecordException.Reason.INCOMPATIBLE_SCHEMA))
            .hasMessageContaining("schema " + id)
            .hasMessageContaining("io.optgate.schema.MessageRequest");
    }

    private static GenericRecord base(final Schema writer) {
        final GenericRecord record = new GenericData.Record(writer);
        record.put("requestId", "req-9");
        record.put("tenantId", "vet-42");
        record.put("clientId", "client-7");
        record.put("to", "+15551234567");
        record.put("body", "Your order has shipped");
        record.put("requestedAt", Instant.parse("2025-03-01T09:30:00Z").toEpochMilli());
        return record;
    }
}
