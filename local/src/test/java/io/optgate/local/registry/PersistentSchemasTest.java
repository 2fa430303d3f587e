package io.optgate.local.registry;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistentSchemasTest {

    private static final String SCOPE = "persistent-schemas-test";

    @TempDir
    Path dataDir;

    @AfterEach
    void forgetRegistry() {
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    @Test
    void recordsWrittenBeforeARestartAreReadableWithTheRestoredRegistry() {
        final Path file = dataDir.resolve("schema-registry.jsonl");
        final MessageRequest request = MessageRequest.newBuilder()
                .setRequestId("r-1").setTenantId("vet-1").setClientId("c-1").setTo("+15550100001")
                .setChannel(Channel.SMS).setCategory(Category.FULL_TRANSACTIONAL).setBody("Refill is due")
                .setRequestedAt(Instant.parse("2026-01-05T10:00:00Z")).build();

        PersistentSchemas.restore(file, registry()).registerAll(ContractSchemas.all());
        final byte[] written = serde().serializer().serialize("message.requests", request);

        SchemaRegistryClients.dropMockScope(SCOPE); // the JVM ends; the broker keeps the bytes
        PersistentSchemas.restore(file, registry());

        assertThat(serde().deserializer().deserialize("message.requests", written)).isEqualTo(request);
    }

    @Test
    void aSchemaRegisteredAfterStartIsSavedBySyncAndKeepsItsId() {
        final Path file = dataDir.resolve("schema-registry.jsonl");
        final PersistentSchemas schemas = PersistentSchemas.restore(file, registry());
        schemas.registerAll(ContractSchemas.all());
        final Schema late = SchemaBuilder.record("Late").namespace("io.optgate.test").fields()
                .requiredString("x").endRecord();
        final int lateId = registry().register("late-value", late);
        schemas.sync();

        SchemaRegistryClients.dropMockScope(SCOPE);
        final PersistentSchemas restored = PersistentSchemas.restore(file, registry());

        assertThat(restored.savedIds()).contains(lateId);
        assertThat(registry().schemaById(lateId)).isEqualTo(late);
        assertThat(registry().register("late-value", late)).isEqualTo(lateId);
    }

    @Test
    void aRegistryUsedBeforeTheRestoreIsRefusedRatherThanGivenWrongIds() {
        final Path file = dataDir.resolve("schema-registry.jsonl");
        PersistentSchemas.restore(file, registry()).registerAll(ContractSchemas.all());
        SchemaRegistryClients.dropMockScope(SCOPE);
        registry().register("early-value", SchemaBuilder.record("Early").fields().requiredInt("n").endRecord());

        assertThatThrownBy(() -> PersistentSchemas.restore(file, registry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be restored before anything registers");
    }

    @Test
    void everyContractRecordAndItsNestedRecordsAreRegistered() {
        assertThat(ContractSchemas.all()).extracting(Schema::getName)
                .contains("ConsentEvent", "MessageRequest", "DispatchDecision", "DispatchStats",
                        "SmsLevelRequested", "PreferenceDefinition", "CommunicationSettings", "Actor", "PreferenceGrant")
                .doesNotHaveDuplicates();
        assertThat(List.copyOf(ContractSchemas.all())).hasSizeGreaterThan(12);
    }

    private static SchemaRegistryClient registry() {
        return SchemaRegistryClients.forUrl("mock://" + SCOPE);
    }

    private static Serde<MessageRequest> serde() {
        return new AvroSerdes(registry()).value(MessageRequest.class);
    }
}
