package io.optgate.testing.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The one stand-in for Twilio's Messages API, on loopback, for every module's tests:
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with HTTP Basic
 * {@code AccountSid:AuthToken}, answered 201 with a Message resource shaped like the documented
 * {@code create} example, 401 {@code 20003} when the credentials are wrong, 404 {@code 20404} for any
 * other method or path. It records every request (also those it answers with an error) and can be
 * told to answer slowly, with any Twilio error ({@code 400 21211}, {@code 400 21610}, {@code 429}
 * with {@code Retry-After}, {@code 500}, ...), chosen per request, to hold an answer until the test
 * releases it, or to refuse connections altogether (its port closed, then opened again on the same
 * number).
 *
 * <p>Started with Twilio's OpenAPI description ({@link #start(TwilioOpenApi, String, String)}), it
 * also checks every form against it and answers a form Twilio would refuse with 400, listing what
 * was wrong in {@link Post#violations()}: for tests of the shape of one call. Started on a port
 * without it, it only counts: for load, where the shape is already proven.
 */
public final class TwilioMessagesStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String AUTH_VIOLATION = "auth: expected HTTP Basic AccountSid:AuthToken";
    private static final int BIND_ATTEMPTS = 50;
    private static final Duration BIND_PAUSE = Duration.ofMillis(100);
    /** Bounds an answer held by {@link Answer#heldUntil}: a latch never opened does not hang the test. */
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(30);

    private final String accountSid;
    private final String expectedAuthorization;
    private final Optional<CreateMessageCheck> check;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicLong sids = new AtomicLong();
    private final AtomicReference<Function<Post, Answer>> script = new AtomicReference<>(post -> Answer.CREATED);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private volatile int port;
    private ExecutorService executor;
    private HttpServer server;

    /**
     * How the stand-in answers a well-formed POST.
     *
     * @param status  the HTTP status
     * @param code    Twilio's error code (0 for 201)
     * @param message Twilio's error message (null for 201)
     * @param headers headers added to the answer ({@code Retry-After})
     * @param release when not null, the answer is held until this latch opens (at most 30 s)
     */
    public record Answer(int status, int code, String message, Map<String, String> headers, CountDownLatch release) {

        /** 201 with a fresh Message SID, status {@code queued}. */
        public static final Answer CREATED = new Answer(201, 0, null, Map.of(), null);
        /** 429 with Twilio's 20429 and {@code Retry-After: 1}. */
        public static final Answer TOO_MANY_REQUESTS = tooManyRequests(1);
        /** 500 with Twilio's 20500. */
        public static final Answer SERVER_ERROR = error(500, 20500, "Internal Server Error");

        public Answer {
            headers = Map.copyOf(headers);
        }

        /** 201 with a fresh Message SID. */
        public static Answer created() {
            return CREATED;
        }

        /** A Twilio error answer: {@code {"code", "message", "more_info", "status"}}. */
        public static Answer error(final int status, final int code, final String message) {
            return new Answer(status, code, message, Map.of(), null);
        }

        /** 400 with Twilio's 21211 (invalid To number). */
        public static Answer invalidNumber(final String to) {
            return error(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
        }

        /** 400 with Twilio's 21610 (the recipient replied STOP to the carrier). */
        public static Answer unsubscribedRecipient() {
            return error(400, 21610, "Attempt to send to unsubscribed recipient");
        }

        /** 429 with Twilio's 20429 and a Retry-After in seconds. */
        public static Answer tooManyRequests(final int retryAfterSeconds) {
            return new Answer(429, 20429, "Too Many Requests",
                    Map.of("Retry-After", String.valueOf(retryAfterSeconds)), null);
        }

        /** 500 with Twilio's 20500. */
        public static Answer internalError() {
            return SERVER_ERROR;
        }

        /** The same answer, held until the latch opens (or 30 s pass). */
        public Answer heldUntil(final CountDownLatch latch) {
            return new Answer(status, code, message, headers, latch);
        }
    }

    /**
     * One request as the stand-in received it.
     *
     * @param method        the HTTP method
     * @param path          the raw path
     * @param authorization the Authorization header, null when there was none
     * @param form          the decoded form fields
     * @param requestId     the {@code requestId} in its StatusCallback URL, empty when there was none
     * @param tenantId      the {@code tenantId} in its StatusCallback URL, empty when there was none
     * @param violations    what Twilio's published API would not accept; empty when it was well-formed
     *                      (the form is checked only by a stand-in started with the description)
     * @param status        the HTTP status it was answered with
     * @param receivedAt    when it arrived
     */
    public record Post(String method, String path, String authorization, Map<String, String> form, String requestId,
                       String tenantId, List<String> violations, int status, Instant receivedAt) {

        Post answered(final int answeredWith) {
            return new Post(method, path, authorization, form, requestId, tenantId, violations, answeredWith, receivedAt);
        }
    }

    private TwilioMessagesStandIn(final String accountSid, final String authToken, final int port,
                                  final Optional<CreateMessageCheck> check) {
        this.accountSid = accountSid;
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.port = port;
        this.check = check;
    }

    /**
     * Starts the stand-in for one account on {@code port} of 127.0.0.1 (use
     * {@link io.optgate.testing.FreePorts} to pick one), answering 201 at once; forms are not checked.
     */
    public static TwilioMessagesStandIn start(final String accountSid, final String authToken, final int port) {
        return started(new TwilioMessagesStandIn(accountSid, authToken, port, Optional.empty()));
    }

    /**
     * Starts the stand-in for one account on a free loopback port, answering 201 at once, checking
     * every form against Twilio's description.
     */
    public static TwilioMessagesStandIn start(final TwilioOpenApi api, final String accountSid, final String authToken) {
        return started(new TwilioMessagesStandIn(accountSid, authToken, 0, Optional.of(new CreateMessageCheck(api))));
    }

    private static TwilioMessagesStandIn started(final TwilioMessagesStandIn standIn) {
        standIn.acceptConnections();
        return standIn;
    }

    /** The value for {@code TWILIO_API_BASE_URL}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** How every well-formed POST is answered from now on. */
    public void answerWith(final Answer newAnswer) {
        script.set(post -> newAnswer);
    }

    /**
     * Decides the answer to every well-formed POST from now on, from the POST itself (its
     * {@link Post#status()} is 0 then: not answered yet).
     */
    public void answerWith(final Function<Post, Answer> newScript) {
        script.set(newScript);
    }

    /** Holds every answer this long before sending it (zero: at once). */
    public void answerAfter(final Duration newDelay) {
        delay.set(newDelay);
    }

    /**
     * Closes the port: every connection attempt is refused until {@link #acceptConnections()}.
     * Requests already being answered are cut off.
     */
    public synchronized void refuseConnections() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Opens the port again (the same number); does nothing when it is open. */
    public synchronized void acceptConnections() {
        if (server != null) {
            return;
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            final Thread thread = new Thread(runnable, "twilio-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server = bind();
        port = server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private HttpServer bind() {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
            } catch (final BindException e) {
                last = e;
                pause();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot open the Twilio stand-in on port " + port, e);
            }
        }
        throw new UncheckedIOException("port " + port + " stays in use", last);
    }

    private static void pause() {
        try {
            Thread.sleep(BIND_PAUSE.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the stand-in's port", e);
        }
    }

    /** Every request received so far, in arrival order. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** How many POSTs carried this requestId in their StatusCallback URL. */
    public long requestsFor(final String requestId) {
        return posts.stream().filter(post -> requestId.equals(post.requestId())).count();
    }

    /** Everything received that Twilio's published API would not accept; empty when all was well-formed. */
    public List<String> violations() {
        return posts.stream().flatMap(post -> post.violations().stream()).toList();
    }

    @Override
    public void close() {
        refuseConnections();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getRawPath();
            final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            final Map<String, String> form = FormCodec.decode(body);
            final String expectedPath = TwilioOpenApi.MESSAGES_PATH.replace("{AccountSid}", accountSid);
            final List<String> violations = new ArrayList<>();
            if (!"POST".equals(method)) {
                violations.add("method: CreateMessage is POST, got " + method);
            }
            if (!expectedPath.equals(path)) {
                violations.add("path: expected " + expectedPath + ", got " + path);
            }
            final boolean ours = violations.isEmpty();
            final boolean authorized = expectedAuthorization.equals(authorization);
            if (!authorized) {
                violations.add(AUTH_VIOLATION);
            }
            if (check.isPresent()) {
                if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
                    violations.add("content type: expected application/x-www-form-urlencoded, got " + contentType);
                }
                violations.addAll(check.get().violations(accountSid, form));
            }
            final Map<String, String> callback = callbackIds(form.get("StatusCallback"));
            final Post arrived = new Post(method, path, authorization, Map.copyOf(form),
                    callback.getOrDefault("requestId", ""), callback.getOrDefault("tenantId", ""),
                    List.copyOf(violations), 0, Instant.now());
            // Wrong path or method, wrong credentials, then a form Twilio would refuse: in Twilio's order.
            final Answer answer = !ours ? Answer.error(404, 20404, "The requested resource was not found")
                    : !authorized ? Answer.error(401, 20003, "Authenticate")
                    : !violations.isEmpty() ? Answer.error(400, 21601, "Bad request: " + violations)
                    : script.get().apply(arrived);
            posts.add(arrived.answered(answer.status()));
            if (!hold(answer)) {
                return;
            }
            final byte[] bytes = (answer.status() == 201 ? created(form) : error(answer))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Waits as told; false when interrupted (the port was closed), and then nothing is answered. */
    private boolean hold(final Answer answer) {
        try {
            final Duration wait = delay.get();
            if (!wait.isZero()) {
                Thread.sleep(wait.toMillis());
            }
            if (answer.release() != null) {
                answer.release().await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String created(final Map<String, String> form) {
        final String sid = String.format(Locale.ROOT, "SM%032x", sids.incrementAndGet());
        final String now = RFC_2822.format(Instant.now());
        final Map<String, Object> message = new LinkedHashMap<>();
        message.put("account_sid", accountSid);
        message.put("api_version", "2010-04-01");
        message.put("body", form.get("Body"));
        message.put("date_created", now);
        message.put("date_sent", null);
        message.put("date_updated", now);
        message.put("direction", "outbound-api");
        message.put("error_code", null);
        message.put("error_message", null);
        message.put("from", form.get("From"));
        message.put("messaging_service_sid", form.get("MessagingServiceSid"));
        message.put("num_media", "0");
        message.put("num_segments", "1");
        message.put("price", null);
        message.put("price_unit", null);
        message.put("sid", sid);
        message.put("status", "queued");
        message.put("to", form.get("To"));
        message.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        return json(message);
    }

    private static String error(final Answer answer) {
        final Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", answer.code());
        error.put("message", answer.message());
        error.put("more_info", "https://www.twilio.com/docs/errors/" + answer.code());
        error.put("status", answer.status());
        return json(error);
    }

    private static String json(final Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write the stand-in's answer", e);
        }
    }

    private static Map<String, String> callbackIds(final String statusCallback) {
        try {
            return Optional.ofNullable(statusCallback)
                    .map(URI::create)
                    .map(URI::getRawQuery)
                    .map(FormCodec::decode)
                    .orElse(Map.of());
        } catch (final IllegalArgumentException notAUri) {
            return Map.of();
        }
    }
}
