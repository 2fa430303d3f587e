package io.optgate.testing.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for Twilio's Messages API on a fixed loopback port, for tests that run the dispatcher
 * as a separate process: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with HTTP Basic
 * {@code AccountSid:AuthToken}, answered 201 with a Message resource shaped like the documented
 * {@code create} example, or 401 {@code 20003} when the credentials are wrong. It records every POST
 * (also those it answers with an error) and can be told to answer slowly, {@code 429} with
 * {@code Retry-After}, {@code 500}, or to refuse connections altogether (its port closed, then opened
 * again on the same number).
 *
 * <p>Unlike the dispatcher's own {@code TwilioStandIn}, it does not check the form against Twilio's
 * OpenAPI description: it is for counting under load, not for the shape of one call.
 */
public final class TwilioMessagesStandIn implements AutoCloseable {

    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int BIND_ATTEMPTS = 50;
    private static final Duration BIND_PAUSE = Duration.ofMillis(100);

    private final String accountSid;
    private final String expectedAuthorization;
    private final int port;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicLong sids = new AtomicLong();
    private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.CREATED);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private ExecutorService executor;
    private HttpServer server;

    /** How the stand-in answers a well-formed POST. */
    public enum Answer {
        /** 201 with a fresh Message SID, status {@code queued}. */
        CREATED,
        /** 429 with Twilio's 20429 and {@code Retry-After: 1}. */
        TOO_MANY_REQUESTS,
        /** 500 with Twilio's 20500. */
        SERVER_ERROR
    }

    /**
     * One POST as the stand-in received it.
     *
     * @param requestId  the {@code requestId} in its StatusCallback URL, empty when there was none
     * @param tenantId   the {@code tenantId} in its StatusCallback URL, empty when there was none
     * @param form       the decoded form fields
     * @param status     the HTTP status it was answered with
     * @param receivedAt when it arrived
     */
    public record Post(String requestId, String tenantId, Map<String, String> form, int status, Instant receivedAt) {
    }

    private TwilioMessagesStandIn(final String accountSid, final String authToken, final int port) {
        this.accountSid = accountSid;
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.port = port;
    }

    /**
     * Starts the stand-in for one account on {@code port} of 127.0.0.1 (use
     * {@link io.optgate.testing.FreePorts} to pick one), answering 201 at once.
     */
    public static TwilioMessagesStandIn start(final String accountSid, final String authToken, final int port) {
        final TwilioMessagesStandIn standIn = new TwilioMessagesStandIn(accountSid, authToken, port);
        standIn.acceptConnections();
        return standIn;
    }

    /** The value for {@code TWILIO_API_BASE_URL}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** How every well-formed POST is answered from now on. */
    public void answerWith(final Answer newAnswer) {
        answer.set(newAnswer);
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

    /** Every POST received so far, in arrival order. */
    public List<Post> posts() {
        return List.copyOf(posts);
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
            final Map<String, String> form = decodeForm(body);
            final String expectedPath = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
            final boolean authorized = expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            final boolean ours = "POST".equals(exchange.getRequestMethod()) && expectedPath.equals(exchange.getRequestURI().getPath());
            final Answer chosen = answer.get();
            final int status = !ours ? 404 : !authorized ? 401 : switch (chosen) {
                case CREATED -> 201;
                case TOO_MANY_REQUESTS -> 429;
                case SERVER_ERROR -> 500;
            };
            final Map<String, String> callback = callbackIds(form.get("StatusCallback"));
            posts.add(new Post(callback.getOrDefault("requestId", ""), callback.getOrDefault("tenantId", ""),
                    Map.copyOf(form), status, Instant.now()));
            final Duration wait = delay.get();
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            final String answerBody = switch (status) {
                case 201 -> created(form);
                case 401 -> error(401, 20003, "Authenticate");
                case 404 -> error(404, 20404, "The requested resource was not found");
                case 429 -> error(429, 20429, "Too Many Requests");
                default -> error(500, 20500, "Internal Server Error");
            };
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            final byte[] bytes = answerBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
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
        return JsonText.object(message);
    }

    private static String error(final int status, final int code, final String message) {
        final Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        error.put("status", status);
        return JsonText.object(error);
    }

    private static Map<String, String> callbackIds(final String statusCallback) {
        return Optional.ofNullable(statusCallback)
                .map(URI::create)
                .map(URI::getRawQuery)
                .map(TwilioMessagesStandIn::decodeForm)
                .orElse(Map.of());
    }

    static Map<String, String> decodeForm(final String encoded) {
        final Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (final String pair : encoded.split("&")) {
            final int equals = pair.indexOf('=');
            final String name = equals < 0 ? pair : pair.substring(0, equals);
            final String value = equals < 0 ? "" : pair.substring(equals + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }
}
