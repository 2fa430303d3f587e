package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.schema.Actor;
import io.optgate.schema.MessageRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against a local server answering as Confluent Schema Registry does: the requests it
 * sends, and what it makes of 200, 404 (40401, 40403), 409, 422 (42201), 401 and 5xx.
 */
class RestSchemaRegistryClientContractTest {

    private static final RestSchemaRegistryClient.Settings FAST_RETRIES = new RestSchemaRegistryClient.Settings(
        Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registerPostsTheSchemaToTheSubjectsVersionsAsConfluentClientsDo() throws IOException {
        registry.answer(200, "{\"id\": 21}");

        final int id = client().register("message.requests-value", MessageRequest.getClassSchema());

        assertThat(id).isEqualTo(21);
        final FakeSchemaRegistry.Request request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/message.requests-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).isEqualTo(
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5");
        assertThat(request.authorization()).isNull();
        final Map<String, Object> body = json.readValue(request.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(body.keySet()).containsExactly("schema");
        assertThat(new Schema.Parser().parse((String) body.get("schema"))).isEqualTo(MessageRequest.getClassSchema());
    }

    @Test
    void schemaByIdGetsTheSchemaAndParsesIt() throws IOException {
        registry.answer(200, json.writeValueAsString(Map.of("schema", Actor.getClassSchema().toString())));

        final Schema schema = client().schemaById(21);

        assertThat(schema).isEqualTo(Actor.getClassSchema());
        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.rawPath()).isEqualTo("/schemas/ids/21");
            assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
        });
    }

    @Test
    void unknownIdIsSchemaNotFoundWith40403() {
        registry.answer(404, "{\"error_code\": 40403, \"message\": \"Schema 77 not found\"}");

        assertThatThrownBy(() -> client().schemaById(77))
            .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.errorCode()).isEqualTo(40403);
            })
            .hasMessageContaining("Schema 77 not found");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void unknownSubjectIsSchemaNotFoundWith40401() {
        registry.answer(404, "{\"error_code\": 40401, \"message\": \"Subject 'message.requests-value' not found.\"}");

        assertThatThrownBy(() -> client().register("message.requests-value", MessageRequest.getClassSchema()))
            .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40401))
            .hasMessageContaining("not found");
    }

    @Test
    void incompatibleSchemaIsARegistrationRefusalThatIsNotRetried() {
        registry.answer(409, "{\"error_code\": 409, \"message\": \"Schema being registered is incompatible with an"
            + " earlier schema for subject \\\"message.requests-value\\\"\"}");

        assertThatThrownBy(() -> client().register("message.requests-value", MessageRequest.getClassSchema()))
            .isInstanceOfSatisfying(SchemaRegistrationException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
            .hasMessageContaining("message.requests-value")
            .hasMessageContaining("incompatible with an earlier schema");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void invalidSchemaIsARegistrationRefusalWith42201() {
        registry.answer(422, "{\"error_code\": 42201, \"message\": \"Invalid schema\"}");

        assertThatThrownBy(() -> client().register("message.requests-value", MessageRequest.getClassSchema()))
            .isInstanceOfSatisfying(SchemaRegistrationException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(422);
                assertThat(e.errorCode()).isEqualTo(42201);
            })
            .hasMessageContaining("Invalid schema");
    }

    @Test
    void unprocessableWithoutAnErrorCodeIsStillARegistrationRefusal() {
        registry.answer(422, "");

        assertThatThrownBy(() -> client().register("message.requests-value", MessageRequest.getClassSchema()))
            .isInstanceOfSatisfying(SchemaRegistrationException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE));
    }

    @Test
    void serverErrorIsRetriedUntilTheRegistryAnswers() {
        registry.answer(500, "{\"error_code\": 50001, \"message\": \"Error in the backend data store\"}")
            .answer(502, "<html><body>Bad Gateway</body></html>")
            .answer(200, "{\"id\": 3}");

        assertThat(client().register("message.requests-value", MessageRequest.getClassSchema())).isEqualTo(3);
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void serverErrorThatPersistsIsUnavailableAfterABoundedNumberOfAttempts() {
        registry.answerFromNowOn(500, "{\"error_code\": 50002, \"message\": \"Operation timed out\"}");

        assertThatThrownBy(() -> client().schemaById(5))
            .isInstanceOf(SchemaRegistryUnavailableException.class)
            .hasMessageContaining("3 attempts")
            .hasMessageContaining("50002");
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void unreachableRegistryIsUnavailable() {
        final RestSchemaRegistryClient unreachable =
            new RestSchemaRegistryClient(List.of(URI.create(FakeSchemaRegistry.closedUrl())), null, FAST_RETRIES);

        assertThatThrownBy(() -> unreachable.schemaById(5))
            .isInstanceOf(SchemaRegistryUnavailableException.class)
            .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void nextUrlOfTheListIsTriedWhenOneIsUnreachable() {
        registry.answer(200, "{\"id\": 8}");
        final RestSchemaRegistryClient failover = new RestSchemaRegistryClient(
            List.of(URI.create(FakeSchemaRegistry.closedUrl()), URI.create(registry.url())), null, FAST_RETRIES);

        assertThat(failover.register("actors-value", Actor.getClassSchema())).isEqualTo(8);
    }

    @Test
    void unauthorizedIsFinalAndPointsAtTheCredentials() {
        registry.answerFromNowOn(401, "{\"error_code\": 40101, \"message\": \"Unauthorized\"}");

        assertThatThrownBy(() -> client().schemaById(5))
            .isExactlyInstanceOf(SchemaRegistryException.class)
            .hasMessageContaining("HTTP 401")
            .hasMessageContaining("basic.auth.user.info");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void schemaThatIsNotAvroIsUnsupported() {
        registry.answer(200, "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");

        assertThatThrownBy(() -> client().schemaById(9))
            .isInstanceOf(UnsupportedSchemaException.class)
            .hasMessageContaining("PROTOBUF");
    }

    @Test
    void subjectIsEncodedAsOnePathSegment() {
        registry.answer(200, "{\"id\": 1}");

        client().register("odd topic/name-value", Actor.getClassSchema());

        assertThat(registry.requests().get(0).rawPath()).isEqualTo("/subjects/odd%20topic%2Fname-value/versions");
    }

    @Test
    void userInfoInTheUrlIsSentAsBasicAuth() {
        registry.answer(200, "{\"id\": 1}");
        final String url = registry.url().replace("http://", "http://ops:s3cr%40t@");

        SchemaRegistryClients.forUrl(url).register("actors-value", Actor.getClassSchema());

        assertThat(registry.requests().get(0).authorization()).isEqualTo(basic("ops:s3cr@t"));
    }

    @Test
    void configuredUserInfoWinsOverTheUrls() {
        registry.answer(200, "{\"id\": 1}");

        SchemaRegistryClients.forConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url().replace("http://", "http://old:pw@"),
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc-optgate:token"))
            .register("actors-value", Actor.getClassSchema());

        assertThat(registry.requests().get(0).authorization()).isEqualTo(basic("svc-optgate:token"));
    }

    @Test
    void clientFromUrlAsksOncePerSubjectSchemaAndOncePerId() throws IOException {
        registry.answer(200, "{\"id\": 4}")
            .answer(200, json.writeValueAsString(Map.of("schema", MessageRequest.getClassSchema().toString())));
        final SchemaRegistryClient cached = SchemaRegistryClients.forUrl(registry.url());

        assertThat(cached.register("actors-value", Actor.getClassSchema())).isEqualTo(4);
        assertThat(cached.register("actors-value", Actor.getClassSchema())).isEqualTo(4);
        assertThat(cached.schemaById(4)).isEqualTo(Actor.getClassSchema());
        assertThat(cached.schemaById(6)).isEqualTo(MessageRequest.getClassSchema());
        assertThat(cached.schemaById(6)).isEqualTo(MessageRequest.getClassSchema());

        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::rawPath)
            .containsExactly("/subjects/actors-value/versions", "/schemas/ids/6");
    }

    @Test
    void failuresAreNotCached() {
        registry.answer(404, "{\"error_code\": 40403, \"message\": \"Schema 6 not found\"}")
            .answer(200, "{\"schema\": \"\\\"string\\\"\"}");
        final SchemaRegistryClient cached = SchemaRegistryClients.forUrl(registry.url());

        assertThatThrownBy(() -> cached.schemaById(6)).isInstanceOf(SchemaNotFoundException.class);
        assertThat(cached.schemaById(6)).isEqualTo(Schema.create(Schema.Type.STRING));
    }

    private RestSchemaRegistryClient client() {
        return new RestSchemaRegistryClient(List.of(URI.create(registry.url())), null, FAST_RETRIES);
    }

    private static String basic(final String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
