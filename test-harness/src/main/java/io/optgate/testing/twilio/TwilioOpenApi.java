package io.optgate.testing.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Twilio's published OpenAPI description of API v2010 ({@code shared/twilio/twilio_api_v2010.json},
 * next to the repository), read for what {@link TwilioMessagesStandIn} and the tests need: the Messages path,
 * the declared CreateMessage form fields, the required ones, the auth scheme and the example answer.
 * The file is looked for in {@code OPTGATE_TWILIO_OPENAPI} (a path) or in {@code shared/twilio/} of
 * the repository root's parent and its ancestors; a missing file fails the test with a clear message.
 */
public final class TwilioOpenApi {

    /** The Messages list resource, as the description names it. */
    public static final String MESSAGES_PATH = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private static final String RELATIVE = "shared/twilio/twilio_api_v2010.json";

    private final JsonNode root;

    private TwilioOpenApi(final JsonNode root) {
        this.root = root;
    }

    /** Loads the description, or fails saying where it was looked for. */
    public static TwilioOpenApi load() {
        final Path file = locate();
        try {
            return new TwilioOpenApi(new ObjectMapper().readTree(file.toFile()));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read Twilio's OpenAPI description at " + file, e);
        }
    }

    private static Path locate() {
        final List<Path> tried = new ArrayList<>();
        final String override = System.getenv("OPTGATE_TWILIO_OPENAPI");
        if (override != null && !override.isBlank()) {
            final Path path = Path.of(override);
            if (Files.isRegularFile(path)) {
                return path;
            }
            tried.add(path);
        }
        final Path repoRoot = repositoryRoot();
        for (Path dir = repoRoot.getParent(); dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new AssertionError("Twilio's OpenAPI description (" + RELATIVE + ") was not found; looked at "
                + tried + ". Put the shared/ folder next to the repository or set OPTGATE_TWILIO_OPENAPI.");
    }

    /** The folder holding the Maven wrapper, searched upwards from the working directory. */
    private static Path repositoryRoot() {
        final Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("test-harness"))) {
                return dir;
            }
        }
        throw new AssertionError("cannot find the repository root (a folder with mvnw) above " + start);
    }

    private JsonNode createMessage() {
        final JsonNode post = root.path("paths").path(MESSAGES_PATH).path("post");
        if (post.isMissingNode()) {
            throw new AssertionError("the OpenAPI description has no POST " + MESSAGES_PATH);
        }
        return post;
    }

    private JsonNode createMessageSchema() {
        return createMessage().path("requestBody").path("content")
                .path("application/x-www-form-urlencoded").path("schema");
    }

    /** The operation id of POST Messages.json ({@code CreateMessage}). */
    public String createMessageOperationId() {
        return createMessage().path("operationId").asText();
    }

    /** Every form field CreateMessage declares. */
    public Set<String> createMessageFields() {
        final Set<String> names = new LinkedHashSet<>();
        createMessageSchema().path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The form fields CreateMessage marks as required. */
    public Set<String> createMessageRequired() {
        final Set<String> names = new LinkedHashSet<>();
        createMessageSchema().path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** A declared field's format ({@code phone-number}, {@code uri}), if any. */
    public Optional<String> fieldFormat(final String field) {
        final JsonNode format = createMessageSchema().path("properties").path(field).path("format");
        return format.isMissingNode() ? Optional.empty() : Optional.of(format.asText());
    }

    /** A declared field's type ({@code string}, {@code integer}, ...), if any. */
    public Optional<String> fieldType(final String field) {
        final JsonNode type = createMessageSchema().path("properties").path(field).path("type");
        return type.isMissingNode() ? Optional.empty() : Optional.of(type.asText());
    }

    /** A declared field's regular expression, if any (MessagingServiceSid: {@code ^MG[0-9a-fA-F]{32}$}). */
    public Optional<String> fieldPattern(final String field) {
        final JsonNode pattern = createMessageSchema().path("properties").path(field).path("pattern");
        return pattern.isMissingNode() ? Optional.empty() : Optional.of(pattern.asText());
    }

    /** The AccountSid path parameter's pattern ({@code ^AC[0-9a-fA-F]{32}$}). */
    public String accountSidPattern() {
        for (final JsonNode parameter : createMessage().path("parameters")) {
            if ("AccountSid".equals(parameter.path("name").asText())) {
                return parameter.path("schema").path("pattern").asText();
            }
        }
        throw new AssertionError("CreateMessage declares no AccountSid parameter");
    }

    /** The HTTP auth scheme CreateMessage is secured with ({@code basic}). */
    public String authScheme() {
        final String scheme = createMessage().path("security").path(0).fieldNames().next();
        return root.path("components").path("securitySchemes").path(scheme).path("scheme").asText();
    }

    /** A copy of the documented example answer to a successful CreateMessage. */
    public ObjectNode createdExample() {
        final JsonNode example = createMessage().path("responses").path("201").path("content")
                .path("application/json").path("examples").path("create").path("value");
        if (!example.isObject()) {
            throw new AssertionError("CreateMessage documents no 201 example");
        }
        return ((ObjectNode) example).deepCopy();
    }
}
