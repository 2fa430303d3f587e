package io.optgate.dispatcher.messages;

import io.optgate.platform.contract.Identifiers;
import io.optgate.dispatcher.decision.RequestValidation;
import io.optgate.dispatcher.status.MessageStatus;
import io.optgate.dispatcher.status.StatusTopology;
import io.optgate.platform.http.query.AllInstances;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.http.Json;
import io.optgate.dispatcher.dispatch.DispatchTopology;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/tenants/{t}/messages} and {@code GET /v1/tenants/{t}/messages/{requestId}}.
 *
 * <p>POST validates with the same rules the dispatcher applies (so that 202 means the request
 * will be judged on consent, not dropped as invalid), publishes to {@code message.requests} and
 * answers 202 {@code {requestId}} once the broker has it. The request id comes from the body or
 * an {@code Idempotency-Key} header and is required (400 {@code REQUEST_ID_REQUIRED}). GET answers the decision and the latest
 * delivery, or 404 {@code NOT_DECIDED} while there is none.
 *
 * <p>GET is answered in two steps. The latest delivery is keyed by {@code <tenantId>:<requestId>}, so
 * the request goes to the instance holding that key ({@link InteractiveQueries}). The decision is
 * stored by client, in the judge's stores, and the request does not name the client: that instance
 * asks its own part of the judge's stores and then every other instance for theirs
 * ({@link AllInstances}), and an instance asked for its part answers the decision alone. The
 * decision is not copied to where the delivery is, because that would cost two Kafka writes per
 * request (docs/dispatcher.md); the price is a request to every instance for a read that is rare.
 */
public final class MessagesApi {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesApi.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = Json.newObjectMapper();
    /** The header that may carry the request id instead of the body, as HTTP clients send retries. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final RequestPublisher publisher;
    private final InteractiveQueries queries;
    private final AllInstances instances;
    private final MessageStatusLookup statuses;
    private final Clock clock;

    /**
     * @param publisher where POSTed requests go
     * @param queries   finds the instance holding a request's delivery and forwards there when it is not this one
     * @param instances asks every instance for its part of the judge's stores
     * @param statuses  reads this instance's stores
     * @param clock     gives {@code requestedAt} of POSTed requests
     */
    public MessagesApi(final RequestPublisher publisher, final InteractiveQueries queries, final AllInstances instances,
                       final MessageStatusLookup statuses, final Clock clock) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Both routes, tenant-scoped (a practice's key reaches only its own messages). */
    public Routes routes() {
        return Routes.builder()
                .tenant(HttpMethod.POST, "/v1/tenants/{t}/messages", this::post)
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/messages/{requestId}", this::get)
                .build();
    }

    Response post(final Request http) {
        final String tenantId = http.tenantId();
        final MessageBody body = http.json(MessageBody.class);
        final MessageRequest request = toRequest(tenantId, body, requestId(http, body));
        final String key = Identifiers.clientKey(request.getTenantId(), request.getClientId());
        final Optional<String> problem = RequestValidation.problem(key, request);
        if (problem.isPresent()) {
            throw ApiException.unprocessable("INVALID_REQUEST", problem.get());
        }
        try {
            publisher.publish(key, request);
        } catch (final RequestPublisher.PublishFailedException e) {
            LOG.warn("Could not publish request {} of practice {}: {}", request.getRequestId(), tenantId, e.getMessage());
            throw ApiException.serviceUnavailable("NOT_STORED",
                    "the request could not be stored; retry with the same requestId", RETRY_AFTER);
        }
        return Response.json(202, new Accepted(request.getRequestId()));
    }

    Response get(final Request http) throws Exception {
        final String tenantId = http.tenantId();
        final String requestId = http.pathParameter("requestId");
        if (!Identifiers.isValidRequestId(requestId)) {
            throw notDecided();
        }
        if (AllInstances.isPart(http)) {
            return decision(http, tenantId, requestId);
        }
        final String key = StatusTopology.statusKey(tenantId, requestId);
        return queries.answer(http, StatusTopology.DELIVERIES_STORE, key, Serdes.String().serializer(), partition -> {
            final Response decision = decision(http, tenantId, requestId);
            if (decision.status() != 200) {
                return decision;
            }
            return Response.ok(decisionView(decision).withDelivery(
                    statuses.delivery(partition, tenantId, requestId).map(DeliveryView::of).orElse(null)));
        });
    }

    /** The decision, found on whichever instance judged the request: a status view without delivery. */
    private Response decision(final Request http, final String tenantId, final String requestId) throws Exception {
        return instances.first(http, DispatchTopology.REQUEST_IDS_STORE, () -> statuses.decision(tenantId, requestId)
                .map(decision -> Response.ok(StatusView.of(new MessageStatus(decision, Optional.empty()))))
                .orElseThrow(MessagesApi::notDecided));
    }

    /** The view in a decision's answer: as built here, or as another instance wrote it. */
    private static StatusView decisionView(final Response decision) throws IOException {
        if (decision.body() instanceof Response.JsonValue local && local.value() instanceof StatusView view) {
            return view;
        }
        if (decision.body() instanceof Response.Bytes remote) {
            return JSON.readValue(remote.bytes(), StatusView.class);
        }
        throw new IllegalStateException("a decision answer without a status view: " + decision);
    }

    private static ApiException notDecided() {
        return ApiException.notFound("NOT_DECIDED", "no decision for this requestId (yet)");
    }

    /**
     * The body's {@code requestId} or the {@code Idempotency-Key} header: one is required, so that
     * an upstream retry of the same POST carries the same id and is decided (and sent) once.
     */
    private static String requestId(final Request http, final MessageBody body) {
        if (body == null) {
            throw ApiException.unprocessable("INVALID_REQUEST", "the body must be a JSON object");
        }
        final Optional<String> header = http.header(IDEMPOTENCY_KEY).map(String::trim).filter(value -> !value.isEmpty());
        if (body.requestId() == null) {
            return header.orElseThrow(() -> ApiException.badRequest("REQUEST_ID_REQUIRED",
                    "requestId is required (or an " + IDEMPOTENCY_KEY + " header): it makes a retried POST one message"));
        }
        if (header.isPresent() && !header.get().equals(body.requestId())) {
            throw ApiException.unprocessable("INVALID_REQUEST", "requestId and the " + IDEMPOTENCY_KEY + " header differ");
        }
        return body.requestId();
    }

    private MessageRequest toRequest(final String tenantId, final MessageBody body, final String requestId) {
        final Channel channel = parse(Channel.class, body.channel(), "channel", Channel.UNKNOWN);
        final Category category = parse(Category.class, body.category(), "category", Category.UNKNOWN);
        if (body.clientId() == null) {
            throw ApiException.unprocessable("INVALID_REQUEST", "clientId is required");
        }
        if (body.to() == null || body.body() == null) {
            throw ApiException.unprocessable("INVALID_REQUEST", body.to() == null ? "to is required" : "body is required");
        }
        return MessageRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenantId)
                .setClientId(body.clientId())
                .setTo(body.to())
                .setChannel(channel)
                .setCategory(category)
                .setPreferenceId(body.preferenceId())
                .setBody(body.body())
                .setRequestedAt(Instant.now(clock))
                .setExpiresAt(body.expiresAt())
                .setSource("http")
                .build();
    }

    private static <E extends Enum<E>> E parse(final Class<E> type, final String value, final String field, final E unknown) {
        final String allowed = Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant != unknown)
                .map(Enum::name)
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        if (value == null) {
            throw ApiException.unprocessable("INVALID_REQUEST", field + " is required: one of " + allowed);
        }
        try {
            final E parsed = Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
            if (parsed == unknown) {
                throw new IllegalArgumentException(value);
            }
            return parsed;
        } catch (final IllegalArgumentException e) {
            throw ApiException.unprocessable("INVALID_REQUEST", field + " must be one of " + allowed);
        }
    }

    /** The answer of POST. */
    public record Accepted(String requestId) {
    }

    /** The answer of GET, as CONTRACT.md lists it (plus category, channel, detail and decidedBy). */
    public record StatusView(
            String requestId,
            String verdict,
            String reason,
            String detail,
            String category,
            String channel,
            Instant decidedAt,
            String consentLevel,
            String decidedBy,
            DeliveryView delivery) {

        StatusView withDelivery(final DeliveryView latest) {
            return new StatusView(requestId, verdict, reason, detail, category, channel, decidedAt, consentLevel, decidedBy, latest);
        }

        static StatusView of(final MessageStatus status) {
            final DispatchDecision decision = status.decision();
            return new StatusView(
                    decision.getRequestId(),
                    decision.getVerdict().name(),
                    decision.getReason().name(),
                    decision.getDetail(),
                    decision.getCategory().name(),
                    decision.getChannel().name(),
                    decision.getDecidedAt(),
                    Optional.ofNullable(decision.getConsentLevel()).map(Enum::name).orElse(null),
                    Optional.ofNullable(decision.getDecidedBy()).map(Enum::name).orElse(null),
                    status.delivery().map(DeliveryView::of).orElse(null));
        }
    }

    /** The latest delivery event of a request; {@code releaseAt} while it is held for quiet hours. */
    public record DeliveryView(String status, String providerMessageId, String errorCode, Instant at, Instant releaseAt) {
        static DeliveryView of(final DeliveryEvent event) {
            return new DeliveryView(event.getStatus().name(), event.getProviderMessageId(), event.getErrorCode(), event.getAt(),
                    event.getReleaseAt());
        }
    }

}
