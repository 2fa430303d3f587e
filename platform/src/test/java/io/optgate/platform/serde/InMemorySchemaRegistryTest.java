package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.schema.Actor;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.MessageRequest;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The mock:// registry hands out ids as Confluent's registry does and is shared per scope. */
class InMemorySchemaRegistryTest {

    private final String url = TestRecords.freshMockUrl();
    private final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(url);

    @Test
    void idsStartAtOneAndCountUpPerNewSchema() {
        assertThat(registry.register("message.requests-value", MessageRequest.getClassSchema())).isEqualTo(1);
        assertThat(registry.register("consent.events-value", ConsentEvent.getClassSchema())).isEqualTo(2);
    }

    @Test
    void registeringTheSameSchemaAgainReturnsItsId() {
        final int first = registry.register("message.requests-value", MessageRequest.getClassSchema());

        assertThat(registry.register("message.requests-value", MessageRequest.getClassSchema())).isEqualTo(first);
    }

    @Test
    void sameSchemaUnderAnotherSubjectKeepsItsId() {
        final int requests = registry.register("message.requests-value", MessageRequest.getClassSchema());

        assertThat(registry.register("dispatch.outbound.sms-value", MessageRequest.getClassSchema())).isEqualTo(requests);
        assertThat(registry.register("actors-value", Actor.getClassSchema())).isEqualTo(requests + 1);
    }

    @Test
    void clientsOfTheSameScopeShareOneRegistryAndOtherScopesDoNot() {
        final int id = registry.register("message.requests-value", MessageRequest.getClassSchema());

        assertThat(SchemaRegistryClients.forUrl(url).schemaById(id)).isEqualTo(MessageRequest.getClassSchema());
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(TestRecords.freshMockUrl()).schemaById(id))
            .isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void droppedScopeStartsAgainEmpty() {
        final String scope = url.substring("mock://".length());
        registry.register("message.requests-value", MessageRequest.getClassSchema());

        SchemaRegistryClients.dropMockScope(scope);

        final SchemaRegistryClient fresh = SchemaRegistryClients.forUrl(url);
        assertThatThrownBy(() -> fresh.schemaById(1)).isInstanceOf(SchemaNotFoundException.class);
        assertThat(fresh.register("actors-value", Actor.getClassSchema())).isEqualTo(1);
    }

    @Test
    void unknownIdIsSchemaNotFoundWithConfluentsErrorCode() {
        assertThatThrownBy(() -> registry.schemaById(99))
            .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(40403);
                assertThat(e.httpStatus()).isEqualTo(404);
            });
    }

    @Test
    void backwardCompatibleNewVersionIsAccepted() {
        final Schema v1 = record("""
            [{"name": "id", "type": "string"}]""");
        final Schema v2 = record("""
            [{"name": "id", "type": "string"}, {"name": "note", "type": ["null", "string"], "default": null}]""");

        final int first = registry.register("things-value", v1);

        assertThat(registry.register("things-value", v2)).isEqualTo(first + 1);
    }

    @Test
    void newVersionThatCannotReadTheLatestIsRefusedAsIncompatible() {
        final Schema v1 = record("""
            [{"name": "id", "type": "string"}]""");
        final Schema breaking = record("""
            [{"name": "id", "type": "string"}, {"name": "required", "type": "int"}]""");
        registry.register("things-value", v1);

        assertThatThrownBy(() -> registry.register("things-value", breaking))
            .isInstanceOfSatisfying(SchemaRegistrationException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
            .hasMessageContaining("things-value");
        assertThat(registry.register("other-subject-value", breaking)).isPositive();
    }

    private static Schema record(final String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Thing\", \"fields\": " + fields + "}");
    }
}
