package io.optgate.local.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import io.optgate.platform.serde.SchemaNotFoundException;
import io.optgate.platform.serde.SchemaRegistrationException;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.serde.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The in-process registry as the two Confluent Schema Registry calls optgate's serde makes, so that
 * processes outside local mode can share its schema ids: the apps' own jars
 * ({@code SCHEMA_REGISTRY_URL=http://localhost:8080}) and tools that fetch a schema by id.
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} {@code {"schema": "<Avro JSON>"}} → {@code {"id": n}}
 *       (409 incompatible, 422 invalid);</li>
 *   <li>{@code GET /schemas/ids/{id}} → {@code {"schema": "<Avro JSON>"}} (404, error code 40403).</li>
 * </ul>
 * Errors are in the registry's own shape, {@code {"error_code": ..., "message": ...}}. With
 * {@code OPTGATE_API_KEYS} set both need a support key, as a bearer key or as the password of
 * basic auth, which is how registry clients send credentials
 * ({@code SCHEMA_REGISTRY_URL=http://registry:<support key>@localhost:8080}).
 */
public final class RegistryRoutes {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryRoutes() {
    }

    /** The routes over {@code registry}. */
    public static Routes create(final SchemaRegistryClient registry) {
        return Routes.builder()
                .support(HttpMethod.POST, "/subjects/{subject}/versions", request -> register(registry, request))
                .support(HttpMethod.GET, "/schemas/ids/{id}", request -> byId(registry, request))
                .build();
    }

    private static Response register(final SchemaRegistryClient registry, final Request request) {
        final Schema schema;
        try {
            final JsonNode body = JSON.readTree(request.body());
            final JsonNode text = body == null ? null : body.get("schema");
            final JsonNode type = body == null ? null : body.get("schemaType");
            if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
                return error(422, SchemaRegistrationException.INVALID_SCHEMA, "only AVRO schemas are kept here");
            }
            if (text == null || !text.isTextual()) {
                return error(422, SchemaRegistrationException.INVALID_SCHEMA, "the body needs a 'schema' string");
            }
            schema = new Schema.Parser().parse(text.asText());
        } catch (final IOException | SchemaParseException e) {
            return error(422, SchemaRegistrationException.INVALID_SCHEMA, "not an Avro schema: " + e.getMessage());
        }
        try {
            return answer(200, Map.of("id", registry.register(request.pathParameter("subject"), schema)));
        } catch (final SchemaRegistryException e) {
            return error(e.httpStatus(), e.errorCode(), e.getMessage());
        }
    }

    private static Response byId(final SchemaRegistryClient registry, final Request request) {
        final int id;
        try {
            id = Integer.parseInt(request.pathParameter("id"));
        } catch (final NumberFormatException e) {
            return error(404, SchemaNotFoundException.SCHEMA_NOT_FOUND, "Schema not found");
        }
        try {
            return answer(200, Map.of("schema", registry.schemaById(id).toString()));
        } catch (final SchemaNotFoundException e) {
            return error(404, SchemaNotFoundException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
    }

    private static Response error(final int status, final int code, final String message) {
        return answer(status, Map.of("error_code", code, "message", message));
    }

    private static Response answer(final int status, final Map<String, Object> body) {
        try {
            return Response.bytes(status, CONTENT_TYPE, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
