package io.optgate.dispatcher.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A local HTTP server on loopback that answers as Twilio's Messages API does, for tests. It checks
 * every request against Twilio's OpenAPI description (method, path with the account SID, Basic auth
 * with AccountSid:AuthToken, form encoding, only declared CreateMessage fields, required fields,
 * field formats) and records what it saw; the test scripts the answer per request: 201 with a
 * Message SID (the documented example, filled in), a Twilio error (400 21211, 400 21610, 429 with
 * Retry-After, 500), or an answer held back until the test releases it.
 */
public final class TwilioStandIn implements AutoCloseable {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{7,14}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwilioOpenApi api;
    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger sids = new AtomicInteger();
    private final AtomicReference<Function<Received, Reply>> script =
            new AtomicReference<>(request -> Reply.created());

    private TwilioStandIn(final TwilioOpenApi api, final String accountSid, final String authToken) throws IOException {
        this.api = api;
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", this::handle);
        this.server.setExecutor(executor);
        this.server.start();
    }

    /** Starts a stand-in for one account on a free loopback port. */
    public static TwilioStandIn start(final TwilioOpenApi api, final String accountSid, final String authToken) {
        try {
            return new TwilioStandIn(api, accountSid, authToken);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot start the Twilio stand-in", e);
        }
    }

    /** The value for {@code TWILIO_API_BASE_URL}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Decides the answer to every request from now on (the default answers 201). */
    public void respondWith(final Function<Received, Reply> newScript) {
        script.set(newScript);
    }

    /** Every request seen so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests whose StatusCallback names this requestId. */
    public long requestsFor(final String requestId) {
        return received.stream().filter(r -> r.requestId().filter(requestId::equals).isPresent()).count();
    }

    /** Everything seen that Twilio's published API would not accept; empty when all was well-formed. */
    public List<String> violations() {
        return received.stream().flatMap(r -> r.violations().stream()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final Received request = read(exchange);
            received.add(request);
            if (!request.violations().isEmpty()) {
                final boolean unauthenticated = request.violations().stream().anyMatch(v -> v.startsWith("auth"));
                send(exchange, request, unauthenticated
                        ? Reply.error(401, 20003, "Authenticate")
                        : Reply.error(400, 21601, "Bad request: " + request.violations()));
                return;
            }
            final Reply reply = script.get().apply(request);
            if (reply.release() != null) {
                try {
                    reply.release().await(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            send(exchange, request, reply);
        }
    }

    private Received read(final HttpExchange exchange) throws IOException {
        final List<String> violations = new ArrayList<>();
        final String method = exchange.getRequestMethod();
        final String path = exchange.getRequestURI().getRawPath();
        final String expectedPath = TwilioOpenApi.MESSAGES_PATH.replace("{AccountSid}", accountSid);
        if (!"POST".equals(method)) {
            violations.add("method: CreateMessage is POST, got " + method);
        }
        if (!expectedPath.equals(path)) {
            violations.add("path: expected " + expectedPath + ", got " + path);
        }
        if (!accountSid.matches(api.accountSidPattern().replace("^", "").replace("$", ""))) {
            violations.add("path: AccountSid " + accountSid + " does not match " + api.accountSidPattern());
        }
        final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        final String expectedAuth = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        if (!"basic".equalsIgnoreCase(api.authScheme()) || !expectedAuth.equals(authorization)) {
            violations.add("auth: expected HTTP Basic AccountSid:AuthToken");
        }
        final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            violations.add("content type: expected application/x-www-form-urlencoded, got " + contentType);
        }
        final String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Map<String, String> form = FormCodec.decode(body);
        checkFields(form, violations);
        return new Received(method, path, authorization, form, List.copyOf(violations), Instant.now());
    }

    private void checkFields(final Map<String, String> form, final List<String> violations) {
        for (final String field : form.keySet()) {
            if (!api.createMessageFields().contains(field)) {
                violations.add("field: " + field + " is not a CreateMessage field");
            }
        }
        for (final String field : api.createMessageRequired()) {
            if (!form.containsKey(field)) {
                violations.add("field: required " + field + " is missing");
            }
        }
        if (!form.containsKey("From") && !form.containsKey("MessagingServiceSid")) {
            violations.add("field: From or MessagingServiceSid is needed");
        }
        if (!form.containsKey("Body") && !form.containsKey("MediaUrl") && !form.containsKey("ContentSid")) {
            violations.add("field: Body, MediaUrl or ContentSid is needed");
        }
        form.forEach((field, value) -> {
            if (api.fieldFormat(field).filter("phone-number"::equals).isPresent() && !E164.matcher(value).matches()) {
                violations.add("field: " + field + " is not an E.164 number");
            }
            if (api.fieldFormat(field).filter("uri"::equals).isPresent() && !isAbsoluteUri(value)) {
                violations.add("field: " + field + " is not an absolute URI");
            }
            if (api.fieldType(field).filter("integer"::equals).isPresent() && !value.matches("-?\\d+")) {
                violations.add("field: " + field + " is not an integer");
            }
            api.fieldPattern(field).filter(pattern -> !Pattern.compile(pattern).matcher(value).find())
                    .ifPresent(pattern -> violations.add("field: " + field + " does not match " + pattern));
        });
    }

    private static boolean isAbsoluteUri(final String value) {
        try {
            final URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null && !uri.getHost().contains("_");
        } catch (final URISyntaxException e) {
            return false;
        }
    }

    private void send(final HttpExchange exchange, final Received request, final Reply reply) throws IOException {
        final String body;
        if (reply.status() == 201) {
            final ObjectNode message = api.createdExample();
            final String sid = String.format("SM%032x", sids.incrementAndGet());
            final Map<String, String> form = request.form();
            message.put("sid", sid);
            message.put("account_sid", accountSid);
            message.put("to", form.get("To"));
            message.put("from", form.get("From"));
            message.put("body", form.get("Body"));
            message.put("messaging_service_sid", form.get("MessagingServiceSid"));
            message.put("status", "queued");
            message.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
            body = JSON.writeValueAsString(message);
        } else {
            final Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", reply.code());
            error.put("message", reply.message());
            error.put("more_info", "https://www.twilio.com/docs/errors/" + reply.code());
            error.put("status", reply.status());
            body = JSON.writeValueAsString(error);
        }
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * One request as the stand-in saw it.
     *
     * @param form       the decoded form fields
     * @param receivedAt when it arrived
     */
    public record Received(String method, String path, String authorization, Map<String, String> form,
                           List<String> violations, Instant receivedAt) {

        /** The requestId carried by the StatusCallback URL, if any. */
        public Optional<String> requestId() {
            return Optional.ofNullable(form.get("StatusCallback"))
                    .flatMap(url -> StatusCallbackUrl.parse(FormCodec.decode(URI.create(url).getRawQuery())))
                    .map(StatusCallbackUrl.Ids::requestId);
        }
    }

    /**
     * A scripted answer.
     *
     * @param release when set, the answer is held until this latch opens
     */
    public record Reply(int status, int code, String message, Map<String, String> headers, CountDownLatch release) {

        /** 201 Created with a fresh Message SID. */
        public static Reply created() {
            return new Reply(201, 0, null, Map.of(), null);
        }

        /** A Twilio error answer. */
        public static Reply error(final int status, final int code, final String message) {
            return new Reply(status, code, message, Map.of(), null);
        }

        /** 400 with Twilio's 21211 (invalid To number). */
        public static Reply invalidNumber(final String to) {
            return error(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
        }

        /** 400 with Twilio's 21610 (the recipient replied STOP to the carrier). */
        public static Reply unsubscribedRecipient() {
            return error(400, 21610, "Attempt to send to unsubscribed recipient");
        }

        /** 429 with Twilio's 20429 and a Retry-After in seconds. */
        public static Reply tooManyRequests(final int retryAfterSeconds) {
            return new Reply(429, 20429, "Too Many Requests",
                    Map.of("Retry-After", String.valueOf(retryAfterSeconds)), null);
        }

        /** 500 with Twilio's 20500. */
        public static Reply internalError() {
            return error(500, 20500, "Internal Server Error");
        }

        /** The same answer, held until the latch opens. */
        public Reply heldUntil(final CountDownLatch latch) {
            return new Reply(status, code, message, headers, latch);
        }
    }
}
