package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Request;
import io.optgate.schema.ConsentEvidence;
import io.optgate.schema.ConsentMethod;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Typed, validating reads of a JSON request body. Malformed JSON is 400 (by the platform); a value
 * of the wrong kind is 422 with the code the contract names for that field.
 */
final class Body {

    private final JsonNode node;

    private Body(final JsonNode node) {
        this.node = node;
    }

    static Body of(final Request request) {
        final JsonNode node = request.json(JsonNode.class);
        if (node == null || !node.isObject()) {
            throw ApiException.unprocessable("INVALID_REQUEST", "the request body must be a JSON object");
        }
        return new Body(node);
    }

    static Body of(final JsonNode node, final String field) {
        if (node == null || !node.isObject()) {
            throw ApiException.unprocessable("INVALID_REQUEST", "'" + field + "' must be a JSON object");
        }
        return new Body(node);
    }

    boolean has(final String field) {
        final JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    JsonNode node(final String field) {
        return node.get(field);
    }

    Iterable<String> fieldNames() {
        return node::fieldNames;
    }

    Optional<String> text(final String field, final String code) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.unprocessable(code, "'" + field + "' must be a string");
        }
        return Optional.of(value.textValue());
    }

    String requiredText(final String field, final String code) {
        final String value = text(field, code).orElseThrow(() -> ApiException.unprocessable(code, "'" + field + "' is required"));
        if (value.isBlank()) {
            throw ApiException.unprocessable(code, "'" + field + "' must not be blank");
        }
        return value;
    }

    Optional<Boolean> bool(final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.unprocessable("INVALID_REQUEST", "'" + field + "' must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    boolean requiredBool(final String field) {
        return bool(field).orElseThrow(() -> ApiException.unprocessable("INVALID_REQUEST", "'" + field + "' is required"));
    }

    Optional<Integer> integer(final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.unprocessable("INVALID_REQUEST", "'" + field + "' must be a whole number");
        }
        return Optional.of(value.intValue());
    }

    <E extends Enum<E>> E requiredEnum(final String field, final Class<E> type, final String code) {
        return optionalEnum(field, type, code)
                .orElseThrow(() -> ApiException.unprocessable(code, "'" + field + "' is required: one of " + allowed(type, Set.of())));
    }

    <E extends Enum<E>> Optional<E> optionalEnum(final String field, final Class<E> type, final String code) {
        final Optional<String> raw = text(field, code);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parseEnum(raw.get(), field, type, code, Set.of()));
    }

    /** The constant of {@code type} named exactly {@code raw}, other than the {@code excluded} ones; else 422 {@code code}. */
    static <E extends Enum<E>> E parseEnum(final String raw, final String field, final Class<E> type, final String code,
                                           final Set<E> excluded) {
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(raw) && !excluded.contains(constant)) {
                return constant;
            }
        }
        throw ApiException.unprocessable(code, "'" + field + "' must be one of " + allowed(type, excluded));
    }

    Optional<String> phone(final String field) {
        final Optional<String> phone = text(field, "INVALID_PHONE");
        if (phone.isPresent() && !Identifiers.isE164(phone.get())) {
            throw ApiException.unprocessable("INVALID_PHONE", "'" + field + "' must be an E.164 number: + and 8 to 15 digits");
        }
        return phone;
    }

    Optional<Instant> instant(final String field) {
        final Optional<String> raw = text(field, "INVALID_REQUEST");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(raw.get()));
        } catch (final DateTimeParseException e) {
            throw ApiException.unprocessable("INVALID_REQUEST", "'" + field + "' must be an ISO-8601 UTC time such as 2026-12-31T00:00:00Z");
        }
    }

    /** An optional caller-chosen event id: 1 to 128 printable characters. */
    Optional<String> eventId() {
        final Optional<String> id = text("eventId", "INVALID_EVENT_ID");
        if (id.isPresent() && (id.get().isEmpty() || id.get().length() > 128 || !id.get().chars().allMatch(c -> c > 32 && c < 127))) {
            throw ApiException.unprocessable("INVALID_EVENT_ID", "'eventId' must be 1 to 128 printable ASCII characters without spaces");
        }
        return id;
    }

    /**
     * The optional {@code evidence} of a consent change: {@code {method, policyVersion?, text?}}.
     * Only its shape is checked here; what it may hold is a rule ({@code ConsentRules.validate}).
     */
    Optional<ConsentEvidence> evidence() {
        if (!has("evidence")) {
            return Optional.empty();
        }
        final JsonNode value = node.get("evidence");
        if (!value.isObject()) {
            throw ApiException.unprocessable("INVALID_EVIDENCE",
                    "'evidence' must be a JSON object such as {\"method\": \"IN_PERSON\", \"policyVersion\": \"privacy-2026-03\", \"text\": \"...\"}");
        }
        final Body evidence = new Body(value);
        final Optional<String> method = evidence.text("method", "INVALID_EVIDENCE");
        final Set<ConsentMethod> unknown = Set.of(ConsentMethod.UNKNOWN);
        if (method.isEmpty()) {
            throw ApiException.unprocessable("INVALID_EVIDENCE", "'evidence.method' is required: one of " + allowed(ConsentMethod.class, unknown));
        }
        return Optional.of(new ConsentEvidence(
                parseEnum(method.get(), "evidence.method", ConsentMethod.class, "INVALID_EVIDENCE", unknown),
                evidence.text("policyVersion", "INVALID_EVIDENCE").orElse(null),
                evidence.text("text", "INVALID_EVIDENCE").orElse(null)));
    }

    private static <E extends Enum<E>> String allowed(final Class<E> type, final Set<E> excluded) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> !excluded.contains(constant))
                .map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
