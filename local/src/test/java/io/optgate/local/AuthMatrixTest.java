package io.optgate.local;

import io.optgate.local.progress.Terminal;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Route;
import io.optgate.platform.serde.SchemaRegistryClients;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: every route that local mode serves (both apps', the ops routes, local mode's own and
 * the in-process registry) called with no key, a wrong key, another practice's key, the metrics
 * key, the practice's own key and the support key. What each route needs is written here from
 * its path, not read from the route's declaration, so a route declared too open fails.
 */
class AuthMatrixTest {

    private static final String PRACTICE = "vet-1";
    private static final Set<String> PUBLIC = Set.of("GET /health", "POST /twilio/inbound", "POST /twilio/status", "GET /",
            "GET /console", "GET /console/{file}");
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    enum Caller { NONE, WRONG, OTHER_PRACTICE, METRICS, OWN_PRACTICE, SUPPORT, SUPPORT_AS_BASIC }

    @TempDir
    static Path dataDir;

    private static LocalMode mode;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        final LocalConfig config = new LocalConfig(dataDir, freePort(), freePort(), false, Optional.empty(), Optional.empty());
        final Env env = Env.of(Map.of(
                "OPTGATE_API_KEYS", "vet1-key=vet-1,vet2-key=vet-2,support-key=*",
                "OPTGATE_METRICS_KEY", "metrics-key"));
        mode = new LocalMode(config, env, new Terminal(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false), LocalApps.all());
        mode.start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> call("GET", "/health", Caller.NONE) == 200);
    }

    @AfterAll
    static void stop() {
        if (mode != null) {
            mode.close();
        }
        SchemaRegistryClients.dropMockScope("local");
    }

    @Test
    void everyRouteAnswersEachCallerAsItsPathRequires() throws Exception {
        final List<String> wrong = new ArrayList<>();
        final List<Route> routes = mode.routes();
        assertThat(routes).hasSizeGreaterThan(PUBLIC.size() + 5);
        for (final Route route : routes) {
            final String name = route.method() + " " + route.path();
            final String path = concrete(route.path().toString());
            final Map<Caller, Integer> answers = new LinkedHashMap<>();
            for (final Caller caller : Caller.values()) {
                answers.put(caller, call(route.method().name(), path, caller));
            }
            if (!allowedAsRequired(name, route.path().toString(), answers)) {
                wrong.add(name + " " + answers);
            }
        }
        assertThat(wrong).as("routes that answer a caller they should not (or refuse one they should serve)").isEmpty();
    }

    @Test
    void localStatsNeedsAKeyWhenKeysAreSet() throws Exception {
        assertThat(call("GET", "/local/stats", Caller.NONE)).isEqualTo(401);
    }

    private static boolean allowedAsRequired(final String name, final String template, final Map<Caller, Integer> answers) {
        if (PUBLIC.contains(name)) {
            // No key is asked for: the answer does not depend on the key.
            return answers.values().stream().distinct().count() == 1;
        }
        final Set<Caller> admitted;
        if (name.equals("GET /metrics")) {
            admitted = Set.of(Caller.METRICS, Caller.SUPPORT, Caller.SUPPORT_AS_BASIC);
        } else if (template.startsWith("/v1/tenants/{t}/")) {
            admitted = Set.of(Caller.OWN_PRACTICE, Caller.SUPPORT, Caller.SUPPORT_AS_BASIC);
        } else {
            admitted = Set.of(Caller.SUPPORT, Caller.SUPPORT_AS_BASIC);
        }
        for (final Map.Entry<Caller, Integer> answer : answers.entrySet()) {
            final int status = answer.getValue();
            final boolean refused = status == 401 || status == 403;
            if (admitted.contains(answer.getKey()) == refused) {
                return false;
            }
            final boolean unknownKey = answer.getKey() == Caller.NONE || answer.getKey() == Caller.WRONG;
            if (refused && (status == 401) != unknownKey) {
                return false;
            }
        }
        return true;
    }

    private static String concrete(final String template) {
        final Matcher parameter = PARAMETER.matcher(template);
        final StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            parameter.appendReplacement(path, switch (parameter.group(1)) {
                case "t" -> PRACTICE;
                case "id" -> "1";
                default -> "x-1";
            });
        }
        parameter.appendTail(path);
        return path.toString();
    }

    private static int call(final String method, final String path, final Caller caller) throws Exception {
        final boolean withBody = !method.equals(HttpMethod.GET.name()) && !method.equals(HttpMethod.DELETE.name());
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mode.httpBase() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        final String authorization = switch (caller) {
            case NONE -> null;
            case WRONG -> "Bearer not-a-key";
            case OTHER_PRACTICE -> "Bearer vet2-key";
            case METRICS -> "Bearer metrics-key";
            case OWN_PRACTICE -> "Bearer vet1-key";
            case SUPPORT -> "Bearer support-key";
            case SUPPORT_AS_BASIC -> "Basic " + Base64.getEncoder().encodeToString("registry:support-key".getBytes(StandardCharsets.UTF_8));
        };
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (final java.io.IOException e) {
            throw new java.io.IOException(method + " " + path + " as " + caller, e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
