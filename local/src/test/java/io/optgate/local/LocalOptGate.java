package io.optgate.local;

import io.optgate.testing.twilio.TwilioSignature;
import io.optgate.local.progress.Terminal;
import io.optgate.platform.config.Env;
import org.awaitility.Awaitility;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Local mode (embedded broker, consent-streams and the dispatcher in one process) with API keys,
 * Twilio webhook signatures and a Messaging Service, driven over HTTP the way a practice's system,
 * support and Twilio would.
 */
final class LocalOptGate implements AutoCloseable {

    static final String AUTH_TOKEN = "local-opt-out-token";
    static final String PUBLIC_URL = "https://optgate.example.com";
    static final String SERVICE_SID = "MG0123456789abcdef0123456789abcdef";
    static final String SUPPORT = "support-key-1";

    private final LocalMode mode;
    private final HttpClient http = HttpClient.newHttpClient();
    private int inbound;

    private LocalOptGate(final LocalMode mode) {
        this.mode = mode;
    }

    /** Starts local mode with keys {@code <tenant>-key=<tenant>} for each tenant and a support key. */
    static LocalOptGate start(final Path dataDir, final String... tenants) throws Exception {
        final StringBuilder keys = new StringBuilder(SUPPORT + "=*");
        for (final String tenant : tenants) {
            keys.append(',').append(tenant).append("-key=").append(tenant);
        }
        final LocalConfig config = new LocalConfig(dataDir, freePort(), freePort(), false, Optional.empty(), Optional.empty());
        final LocalMode mode = new LocalMode(config, Env.of(Map.of(
                "OPTGATE_API_KEYS", keys.toString(),
                "OPTGATE_PUBLIC_URL", PUBLIC_URL,
                "TWILIO_AUTH_TOKEN", AUTH_TOKEN,
                "TWILIO_MESSAGING_SERVICE_SID", SERVICE_SID)),
                new Terminal(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false),
                LocalApps.all());
        mode.start();
        final LocalOptGate gate = new LocalOptGate(mode);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> gate.get("/health", SUPPORT).statusCode() == 200
                        && gate.get("/v1/tenants/" + tenants[0] + "/communication-settings", SUPPORT).statusCode() == 200);
        return gate;
    }

    HttpResponse<String> put(final String path, final String key, final String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(mode.httpBase() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(final String path, final String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(mode.httpBase() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A support key's PUT of a practice's communication settings with this sending number. */
    HttpResponse<String> putSendingNumber(final String tenant, final String key, final String smsFrom) throws Exception {
        return put("/v1/tenants/" + tenant + "/communication-settings", key,
                "{\"enabled\":false,\"smsFrom\":\"" + smsFrom + "\",\"helpText\":\"" + tenant + " vets\"}");
    }

    /** Records a client with this number at Basic Transactional. */
    HttpResponse<String> putClient(final String tenant, final String client, final String phone) throws Exception {
        return put("/v1/tenants/" + tenant + "/clients/" + client + "/sms-consent", tenant + "-key",
                "{\"level\":\"BASIC_TRANSACTIONAL\",\"phone\":\"" + phone + "\","
                        + "\"actor\":{\"type\":\"STAFF\",\"id\":\"s-1\",\"name\":\"Dr. Patel\"}}");
    }

    String level(final String tenant, final String client) throws Exception {
        final String body = get("/v1/tenants/" + tenant + "/clients/" + client + "/sms-consent", tenant + "-key").body();
        final int at = body.indexOf("\"level\":\"");
        return at < 0 ? "" : body.substring(at + 9, body.indexOf('"', at + 9));
    }

    String notes(final String tenant, final String client) throws Exception {
        return get("/v1/tenants/" + tenant + "/clients/" + client + "/notes", tenant + "-key").body();
    }

    /** Twilio's signed inbound webhook: {@code body} from {@code from} to {@code to}, optionally through the service. */
    HttpResponse<String> inbound(final String from, final String to, final String body, final boolean viaService)
            throws Exception {
        final Map<String, String> form = new TreeMap<>();
        form.put("MessageSid", String.format("SM%032x", ++inbound + System.nanoTime() % 1_000_000 * 1000));
        form.put("AccountSid", "AC0000000000000000000000000000000a");
        form.put("From", from);
        form.put("To", to);
        form.put("Body", body);
        if (viaService) {
            form.put("MessagingServiceSid", SERVICE_SID);
        }
        final String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(mode.httpBase() + "/twilio/inbound")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.of(AUTH_TOKEN, PUBLIC_URL + "/twilio/inbound", form))
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), HttpResponse.BodyHandlers.ofString());
    }


    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        mode.close();
    }
}
