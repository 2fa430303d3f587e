package io.optgate.consent.http;

import io.optgate.consent.topology.ConsentStores;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.ConsentNote;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /v1/tenants/{t}/clients/{c}/consent-history}: one client's whole consent trail, oldest
 * first, for a regulator or a GDPR access request (Art. 7(1): the practice must be able to show the
 * consent; Art. 15: the client may ask for it). Every entry is a note: SMS level changes, keywords
 * and texts read as revocations, preference grants, lapses, expiries and refusals, each with its
 * actor, time and evidence. JSON by default; CSV with {@code ?format=csv} or {@code Accept: text/csv}
 * (the query parameter wins when both are given).
 */
final class ConsentHistory {

    /**
     * The most entries one export holds; a longer trail is cut at its oldest entries and says so
     * ({@code truncated}). Far above what one client produces in years.
     */
    static final int MAX_ENTRIES = 100_000;

    static final List<String> CSV_HEADER = List.of("at", "kind", "previousLevel", "newLevel", "actorType", "actorId",
            "actorName", "method", "policyVersion", "evidenceText", "note", "eventId", "noteId");

    private static final StringSerializer STRINGS = new StringSerializer();

    private final InteractiveQueries queries;
    private final ConsentReads reads;
    private final Duration pendingTtl;
    private final Clock clock;

    ConsentHistory(final InteractiveQueries queries, final ConsentReads reads, final Duration pendingTtl, final Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.pendingTtl = Objects.requireNonNull(pendingTtl, "pendingTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The JSON answer: the client's current SMS consent and every entry of its trail, oldest first. */
    record History(String tenantId, String clientId, Instant exportedAt, Views.SmsConsent smsConsent,
                   List<Views.Note> entries, boolean truncated) {
    }

    Response answer(final Request request, final String tenantId, final String clientId) throws Exception {
        final boolean csv = wantsCsv(request);
        final String clientKey = Identifiers.clientKey(tenantId, clientId);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final List<ConsentNote> newestFirst = reads.notes(partition, clientKey, MAX_ENTRIES + 1);
            final boolean truncated = newestFirst.size() > MAX_ENTRIES;
            final List<ConsentNote> oldestFirst = new ArrayList<>(newestFirst.subList(0, Math.min(newestFirst.size(), MAX_ENTRIES)));
            Collections.reverse(oldestFirst);
            if (csv) {
                return Response.text(200, "text/csv; charset=utf-8", csv(oldestFirst))
                        .withHeader("Content-Disposition", "attachment; filename=\"consent-history-" + tenantId + "-" + clientId + ".csv\"");
            }
            return Response.ok(new History(tenantId, clientId, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    Views.SmsConsent.of(tenantId, clientId, reads.client(partition, clientKey).orElse(null), pendingTtl),
                    oldestFirst.stream().map(Views.Note::of).toList(), truncated));
        });
    }

    static String csv(final List<ConsentNote> oldestFirst) {
        final Csv csv = new Csv().row(CSV_HEADER);
        for (final ConsentNote note : oldestFirst) {
            final Views.Note entry = Views.Note.of(note);
            final Views.ActorView actor = entry.actor();
            final Views.EvidenceView evidence = entry.evidence();
            csv.row(Arrays.asList(
                    entry.at().toString(),
                    entry.kind().name(),
                    entry.previousLevel() == null ? null : entry.previousLevel().name(),
                    entry.newLevel() == null ? null : entry.newLevel().name(),
                    actor == null ? null : actor.type().name(),
                    actor == null ? null : actor.id(),
                    actor == null ? null : actor.name(),
                    evidence == null ? null : evidence.method().name(),
                    evidence == null ? null : evidence.policyVersion(),
                    evidence == null ? null : evidence.text(),
                    entry.text(),
                    entry.eventId(),
                    entry.noteId()));
        }
        return csv.toString();
    }

    private static boolean wantsCsv(final Request request) {
        final Optional<String> format = request.queryParameter("format");
        if (format.isPresent()) {
            return switch (format.get().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.unprocessable("INVALID_REQUEST", "'format' must be json or csv");
            };
        }
        return request.header("Accept").map(accept -> accept.toLowerCase(Locale.ROOT).contains("text/csv")).orElse(false);
    }
}
