package io.optgate.consent.http;

import io.optgate.consent.topology.ConsentStores;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Request;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.schema.ConsentState;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /v1/tenants/{t}/clients?phone=<E.164>}: the practice's clients with that mobile number
 * on record now, so staff can find a client by the number they were given.
 *
 * <p>Answered by the task owning the practice from its phone index (kept by the topology alongside
 * each client's state), so it reads only the number's own entries, never the practice's whole list.
 * The phone is answered in full, as {@code sms-consent} answers it (the caller sent it); masking it
 * in lists is the console's job.
 */
final class ClientsByPhone {

    /** The most clients one answer lists; more than this on one number is listed as {@code truncated}. */
    static final int MAX_CLIENTS = 50;

    private static final StringSerializer STRINGS = new StringSerializer();

    private final InteractiveQueries queries;
    private final ConsentReads reads;

    ClientsByPhone(final InteractiveQueries queries, final ConsentReads reads) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    record Match(String clientId, SmsLevel level, SmsLevel pendingLevel, String phone, boolean phoneSuppressed) {
    }

    record Answer(String tenantId, String phone, List<Match> clients, boolean truncated) {
    }

    Response answer(final Request request, final String tenantId) throws Exception {
        final String phone = phone(request);
        return queries.answer(request, ConsentStores.CLIENTS, tenantId, STRINGS, partition -> {
            final List<String> clientIds = reads.clientsOfPhone(partition, tenantId, phone, MAX_CLIENTS + 1);
            final List<Match> matches = clientIds.stream().limit(MAX_CLIENTS)
                    .flatMap(clientId -> reads.client(partition, Identifiers.clientKey(tenantId, clientId))
                            // The index follows the state; a client whose number moved on is not listed.
                            .filter(state -> phone.equals(state.getPhone()))
                            .map(state -> match(clientId, state)).stream())
                    .toList();
            return Response.ok(new Answer(tenantId, phone, matches, clientIds.size() > MAX_CLIENTS));
        });
    }

    private static Match match(final String clientId, final ConsentState state) {
        return new Match(clientId, state.getLevel(), state.getPendingLevel(), state.getPhone(), state.getPhoneSuppressed());
    }

    private static String phone(final Request request) {
        final String phone = request.queryParameter("phone").orElseThrow(() -> ApiException.badRequest("PHONE_REQUIRED",
                "give the mobile number to look up: ?phone=<E.164>, e.g. ?phone=%2B447700900123"));
        if (!Identifiers.isE164(phone)) {
            // A '+' left unencoded in a query string arrives as a space; say so, it is the usual slip.
            throw ApiException.badRequest("INVALID_PHONE", "'phone' must be an E.164 number: '+' and 8 to 15 digits"
                    + " (write the '+' as %2B in the query string)");
        }
        return phone;
    }
}
