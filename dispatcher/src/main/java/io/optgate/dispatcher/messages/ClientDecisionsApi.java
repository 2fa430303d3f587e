package io.optgate.dispatcher.messages;

import io.optgate.dispatcher.dispatch.DispatchTopology;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /v1/tenants/{t}/clients/{c}/decisions[?limit=N]}: the client's latest decisions
 * within the duplicate window, newest first: what staff need to answer "did my reminder go out?"
 * without knowing a requestId. Ids, verdicts, reasons and times only: never the body or the
 * address. Answered by the instance that judges the client, from the store the judge writes anyway.
 */
public final class ClientDecisionsApi {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final InteractiveQueries queries;
    private final ClientDecisionsLookup lookup;
    private final Duration window;
    private final Clock clock;

    /**
     * @param queries finds the instance judging a client and forwards there when it is not this one
     * @param lookup  reads this instance's part of the store
     * @param window  the duplicate window: how far back decisions are kept
     */
    public ClientDecisionsApi(final InteractiveQueries queries, final ClientDecisionsLookup lookup,
                              final Duration window, final Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The route, tenant-scoped (a practice's key reaches only its own clients). */
    public Routes routes() {
        return Routes.builder().tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/decisions", this::get).build();
    }

    Response get(final Request http) throws Exception {
        final String tenantId = http.tenantId();
        final String clientId = http.idParameter("c", "INVALID_CLIENT_ID", "client");
        final int limit = limit(http.queryParameter("limit"));
        final String clientKey = Identifiers.clientKey(tenantId, clientId);
        final Instant until = clock.instant();
        final Instant since = until.minus(window);
        return queries.answer(http, DispatchTopology.REQUEST_IDS_STORE, clientKey, Serdes.String().serializer(),
                partition -> Response.ok(new ClientDecisions(clientId, since,
                        lookup.recent(partition, clientKey, since, until, limit).stream().map(DecisionView::of).toList())));
    }

    private static int limit(final Optional<String> value) {
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            final int limit = Integer.parseInt(value.get().trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (final NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("INVALID_LIMIT", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The answer: {@code since} is the start of the duplicate window, the oldest a listed decision can be. */
    public record ClientDecisions(String clientId, Instant since, List<DecisionView> decisions) {
    }

    /** One decision, as {@code GET .../messages/{requestId}} answers it without the delivery. */
    public record DecisionView(
            String requestId,
            String verdict,
            String reason,
            String detail,
            String category,
            String channel,
            Instant requestedAt,
            Instant decidedAt,
            String consentLevel,
            String decidedBy,
            String preferenceId) {

        static DecisionView of(final DispatchDecision decision) {
            return new DecisionView(
                    decision.getRequestId(),
                    decision.getVerdict().name(),
                    decision.getReason().name(),
                    decision.getDetail(),
                    decision.getCategory().name(),
                    decision.getChannel().name(),
                    decision.getRequestedAt(),
                    decision.getDecidedAt(),
                    Optional.ofNullable(decision.getConsentLevel()).map(Enum::name).orElse(null),
                    Optional.ofNullable(decision.getDecidedBy()).map(Enum::name).orElse(null),
                    decision.getPreferenceId());
        }
    }
}
