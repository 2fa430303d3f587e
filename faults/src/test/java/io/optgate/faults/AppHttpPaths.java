package io.optgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.testing.Deadline;
import io.optgate.testing.twilio.TwilioSignature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The apps' HTTP paths that write to Kafka with producers of their own, called as upstream systems
 * and Twilio would: consent-streams' consent API, the dispatcher's message API and its signed
 * inbound webhook. The traffic of a fault run writes to the topics directly, so these producers are
 * used only here.
 */
final class AppHttpPaths {

    /** What an HTTP call answered. */
    record Answer(int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AppProcess consentStreams;
    private final AppProcess dispatcher;

    AppHttpPaths(final AppProcess consentStreams, final AppProcess dispatcher) {
        this.consentStreams = consentStreams;
        this.dispatcher = dispatcher;
    }

    /** Staff set a client's level and phone through consent-streams' API (its consent publisher). */
    Answer setLevel(final String tenantId, final String clientId, final String level, final String phone) {
        final Map<String, Object> body = Map.of("level", level, "phone", phone,
                "actor", Map.of("type", "STAFF", "id", "faults"));
        return send(HttpRequest.newBuilder(URI.create(consentStreams.baseUrl() + "/v1/tenants/" + tenantId + "/clients/"
                        + clientId + "/sms-consent"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** The client's SMS consent as consent-streams answers it. */
    Answer consent(final String tenantId, final String clientId) {
        return send(HttpRequest.newBuilder(URI.create(consentStreams.baseUrl() + "/v1/tenants/" + tenantId + "/clients/"
                + clientId + "/sms-consent")).GET());
    }

    /** An upstream system asks the dispatcher for a text (its request publisher). */
    Answer requestText(final String tenantId, final String requestId, final String clientId, final String phone) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("clientId", clientId);
        body.put("to", phone);
        body.put("channel", "SMS");
        body.put("category", "FULL_TRANSACTIONAL");
        body.put("body", "security pass-through text");
        return send(HttpRequest.newBuilder(URI.create(dispatcher.baseUrl() + "/v1/tenants/" + tenantId + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** The dispatcher's answer about one request. */
    Answer decision(final String tenantId, final String requestId) {
        return send(HttpRequest.newBuilder(URI.create(dispatcher.baseUrl() + "/v1/tenants/" + tenantId + "/messages/"
                + requestId)).GET());
    }

    /** The number texts {@code body} back, signed as Twilio signs it (the webhook sink's producer). */
    Answer inbound(final String from, final String body, final String messageSid, final String authToken) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("From", from);
        form.put("To", "+15550009999");
        form.put("Body", body);
        form.put("MessageSid", messageSid);
        form.put("AccountSid", FaultCluster.ACCOUNT_SID);
        final String url = dispatcher.baseUrl() + "/twilio/inbound";
        final String encoded = form.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.of(authToken, url, form))
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
    }

    /** Asks {@code call} every 250 ms until its JSON answer satisfies {@code done}; at most {@code timeout}. */
    static Optional<JsonNode> poll(final java.util.function.Supplier<Answer> call, final Predicate<JsonNode> done,
                                   final Duration timeout) {
        final Deadline deadline = Deadline.after(timeout);
        while (!deadline.expired()) {
            final Answer answer = call.get();
            if (answer.status() == 200) {
                final JsonNode node = parse(answer.body());
                if (done.test(node)) {
                    return Optional.of(node);
                }
            }
            deadline.pause();
        }
        return Optional.empty();
    }

    static JsonNode parse(final String body) {
        try {
            return JSON.readTree(body);
        } catch (final IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer send(final HttpRequest.Builder request) {
        try {
            final HttpResponse<String> response = http.send(request.timeout(CALL_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (final IOException e) {
            return new Answer(-1, e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
