package io.optgate.platform.http.query;

import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances, "a", "b" and "c", each holding some values; a fake placement says who hosts
 * the store. Every request goes to instance a.
 */
class AllInstancesTest {

    private static final String STORE = "by-request";
    private static final String AUTH = "Bearer acme-key";

    private final Map<String, Set<String>> valuesHeldBy = new ConcurrentHashMap<>();
    private final Map<String, Optional<AllInstances.Placement>> placementSeenBy = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> localQueries = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApi a;
    private HttpApi b;
    private HttpApi c;
    private HostInfo hostA;
    private HostInfo hostB;
    private HostInfo hostC;

    @BeforeEach
    void startThreeInstances() {
        a = instance("a").start();
        b = instance("b").start();
        c = instance("c").start();
        hostA = new HostInfo("127.0.0.1", a.port());
        hostB = new HostInfo("127.0.0.1", b.port());
        hostC = new HostInfo("127.0.0.1", c.port());
        placementSeenBy.put("a", Optional.of(new AllInstances.Placement(true, List.of(hostB, hostC))));
        placementSeenBy.put("b", Optional.of(new AllInstances.Placement(true, List.of(hostA, hostC))));
        placementSeenBy.put("c", Optional.of(new AllInstances.Placement(true, List.of(hostA, hostB))));
    }

    @AfterEach
    void stopInstances() {
        a.stop(Duration.ZERO);
        b.stop(Duration.ZERO);
        c.stop(Duration.ZERO);
    }

    @Test
    void dataHeldHereIsAnsweredWithoutAskingTheOthers() throws Exception {
        valuesHeldBy.put("a", Set.of("r1"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r1");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("a has r1 (part only: false)");
        assertThat(queriesOf("b") + queriesOf("c")).isZero();
    }

    @Test
    void dataHeldElsewhereIsAnsweredByThatInstanceWhichAsksNobodyElse() throws Exception {
        valuesHeldBy.put("c", Set.of("r2"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r2");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("c has r2 (part only: true)");
        assertThat(queriesOf("a")).isEqualTo(1);
        assertThat(queriesOf("b")).isEqualTo(1);
        assertThat(queriesOf("c")).isEqualTo(1);
    }

    @Test
    void dataHeldNowhereIs404() throws Exception {
        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r3");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("NOT_FOUND");
    }

    @Test
    void anInstanceThatCannotBeReachedMakesANotFoundA503() throws Exception {
        placementSeenBy.put("a", Optional.of(new AllInstances.Placement(true, List.of(new HostInfo("127.0.0.1", closedPort()), hostB))));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r4");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("OWNER_UNREACHABLE");
    }

    @Test
    void anInstanceThatCannotBeReachedDoesNotHideDataFoundElsewhere() throws Exception {
        placementSeenBy.put("a", Optional.of(new AllInstances.Placement(true, List.of(new HostInfo("127.0.0.1", closedPort()), hostB))));
        valuesHeldBy.put("b", Set.of("r5"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r5");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("b has r5 (part only: true)");
    }

    @Test
    void aLocalPartThatIsNotReadyMakesANotFoundA503() throws Exception {
        valuesHeldBy.put("b", Set.of("restoring"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r6");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_NOT_READY");
    }

    @Test
    void whileTheAppIsNotRunningTheAnswerIs503() throws Exception {
        placementSeenBy.put("a", Optional.empty());
        valuesHeldBy.put("a", Set.of("r7"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r7");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_NOT_READY");
        assertThat(queriesOf("a")).isZero();
    }

    @Test
    void aPartAskedOfAnInstanceThatNoLongerHostsTheStoreIs503() throws Exception {
        placementSeenBy.put("b", Optional.of(new AllInstances.Placement(false, List.of(hostA, hostC))));

        final HttpResponse<String> answer = get("/v1/tenants/acme/values/r8");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("moving between instances");
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnyPartIsAsked() throws Exception {
        valuesHeldBy.put("b", Set.of("r9"));

        final HttpResponse<String> answer = send("/v1/tenants/acme/values/r9", "Bearer wrong");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(queriesOf("b")).isZero();
    }

    private int queriesOf(final String instance) {
        return localQueries.getOrDefault(instance, new AtomicInteger()).get();
    }

    private HttpApi instance(final String name) {
        final AllInstances instances = new AllInstances(store -> {
            assertThat(store).isEqualTo(STORE);
            return placementSeenBy.get(name);
        }, OwnerForwarder.create(Duration.ofSeconds(2)));
        final Routes routes = Routes.builder()
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/values/{r}", request -> {
                    final String id = request.pathParameter("r");
                    return instances.first(request, STORE, () -> {
                        localQueries.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                        final Set<String> held = valuesHeldBy.getOrDefault(name, Set.of());
                        if (held.contains("restoring")) {
                            throw new InvalidStateStoreException("restoring");
                        }
                        if (!held.contains(id)) {
                            throw ApiException.notFound("NOT_FOUND", "not here");
                        }
                        return Response.text(200, "text/plain", name + " has " + id + " (part only: " + AllInstances.isPart(request) + ")");
                    });
                })
                .build();
        return HttpApi.builder().port(0).bindHost("127.0.0.1").apiKeys(ApiKeys.parse("acme-key=acme")).routes(routes).build();
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return send(path, AUTH);
    }

    private HttpResponse<String> send(final String path, final String auth) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", auth)
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
