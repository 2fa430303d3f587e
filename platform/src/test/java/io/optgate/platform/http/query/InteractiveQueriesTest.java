package io.optgate.platform.http.query;

import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.HttpMethod;
import io.optgate.platform.http.Response;
import io.optgate.platform.http.Routes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances, "a" and "b", each serving the same routes; a fake lookup says who owns which key.
 * Every request goes to instance a.
 */
class InteractiveQueriesTest {

    private static final String STORE = "consent-state";
    private static final String AUTH = "Bearer acme-key";

    /** Shared by both instances: key -> owner, as the cluster would agree on it. */
    private final Map<String, KeyOwner> ownerSeenByA = new ConcurrentHashMap<>();
    private final Map<String, KeyOwner> ownerSeenByB = new ConcurrentHashMap<>();
    private final CountDownLatch releaseSlowOwner = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApi a;
    private HttpApi b;
    private HostInfo hostA;
    private HostInfo hostB;

    @BeforeEach
    void startTwoInstances() {
        a = instance("a", ownerSeenByA).start();
        b = instance("b", ownerSeenByB).start();
        hostA = new HostInfo("127.0.0.1", a.port());
        hostB = new HostInfo("127.0.0.1", b.port());
    }

    @AfterEach
    void stopInstances() {
        releaseSlowOwner.countDown();
        a.stop(Duration.ZERO);
        b.stop(Duration.ZERO);
    }

    @Test
    void aKeyOwnedHereIsAnsweredLocallyFromItsPartition() throws Exception {
        ownerSeenByA.put("acme:c1", new KeyOwner.Local(3));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/c1/state");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"servedBy\":\"a\",\"key\":\"acme:c1\",\"partition\":3,\"forwarded\":false}");
    }

    @Test
    void aKeyOwnedElsewhereIsAnsweredByTheOwnerUnchanged() throws Exception {
        ownerSeenByA.put("acme:c2", new KeyOwner.Remote(hostB));
        ownerSeenByB.put("acme:c2", new KeyOwner.Local(1));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/c2/state?view=full");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(answer.body()).isEqualTo(
                "{\"servedBy\":\"b\",\"key\":\"acme:c2\",\"partition\":1,\"forwarded\":true,\"view\":\"full\"}");
    }

    @Test
    void aForwardedRequestKeepsItsMethodBodyAndCredentials() throws Exception {
        ownerSeenByA.put("acme:c3", new KeyOwner.Remote(hostB));
        ownerSeenByB.put("acme:c3", new KeyOwner.Local(0));

        final HttpResponse<String> answer = send("PUT", "/v1/tenants/acme/clients/c3/state", "{\"level\":\"MARKETING\"}", AUTH);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("b stored {\"level\":\"MARKETING\"}");
    }

    @Test
    void theOwnersErrorAnswersComeBackUnchanged() throws Exception {
        ownerSeenByA.put("acme:c4", new KeyOwner.Remote(hostB));
        ownerSeenByB.put("acme:c4", new KeyOwner.Unavailable("restoring"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/c4/state");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.body()).isEqualTo(
                "{\"error\":\"STORE_NOT_READY\",\"message\":\"restoring; try again shortly\"}");
    }

    @Test
    void theOwnerStillChecksTheKey() throws Exception {
        ownerSeenByA.put("acme:c5", new KeyOwner.Remote(hostB));

        final HttpResponse<String> answer = send("GET", "/v1/tenants/acme/clients/c5/state", null, "Bearer wrong");

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void whileNobodyOwnsTheKeyTheAnswerIs503WithRetryAfter() throws Exception {
        ownerSeenByA.put("acme:c6", new KeyOwner.Unavailable("the app is starting or rebalancing"));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/c6/state");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.body()).contains("\"error\":\"STORE_NOT_READY\"");
    }

    @Test
    void aLocalStoreThatIsMigratingIs503() throws Exception {
        ownerSeenByA.put("acme:migrating", new KeyOwner.Local(0));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/migrating/state");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_NOT_READY");
    }

    @Test
    void instancesThatDisagreeAboutTheOwnerDoNotForwardInALoop() throws Exception {
        ownerSeenByA.put("acme:c7", new KeyOwner.Remote(hostB));
        ownerSeenByB.put("acme:c7", new KeyOwner.Remote(hostA));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/c7/state");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_NOT_READY").contains("moving between instances");
    }

    @Test
    void anUnreachableOwnerIs503() throws Exception {
        ownerSeenByA.put("acme:c8", new KeyOwner.Remote(new HostInfo("127.0.0.1", closedPort())));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/c8/state");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("OWNER_UNREACHABLE");
    }

    @Test
    void anOwnerThatDoesNotAnswerInTimeIs504() throws Exception {
        ownerSeenByA.put("acme:slow", new KeyOwner.Remote(hostB));
        ownerSeenByB.put("acme:slow", new KeyOwner.Local(0));

        final HttpResponse<String> answer = get("/v1/tenants/acme/clients/slow/state");

        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.body()).contains("OWNER_TIMEOUT");
    }

    private HttpApi instance(final String name, final Map<String, KeyOwner> owners) {
        final InteractiveQueries queries = new InteractiveQueries(new FakeLookup(owners), OwnerForwarder.create(Duration.ofMillis(500)));
        final Routes routes = Routes.builder()
                .tenant(HttpMethod.GET, "/v1/tenants/{t}/clients/{c}/state", request -> {
                    final String key = request.tenantId() + ":" + request.pathParameter("c");
                    return queries.answer(request, STORE, key, new StringSerializer(), partition -> {
                        if (key.equals("acme:migrating")) {
                            throw new InvalidStateStoreException("migrated");
                        }
                        if (key.equals("acme:slow")) {
                            releaseSlowOwner.await(10, TimeUnit.SECONDS);
                        }
                        final StringBuilder body = new StringBuilder("{\"servedBy\":\"" + name + "\",\"key\":\"" + key
                                + "\",\"partition\":" + partition + ",\"forwarded\":"
                                + request.header(OwnerForwarder.FORWARDED_HEADER).isPresent());
                        request.queryParameter("view").ifPresent(view -> body.append(",\"view\":\"").append(view).append('"'));
                        return Response.text(200, "application/json", body.append('}').toString());
                    });
                })
                .tenant(HttpMethod.PUT, "/v1/tenants/{t}/clients/{c}/state", request -> {
                    final String key = request.tenantId() + ":" + request.pathParameter("c");
                    return queries.answer(request, STORE, key, new StringSerializer(),
                            partition -> Response.text(202, "text/plain", name + " stored " + request.bodyText()));
                })
                .build();
        return HttpApi.builder().port(0).bindHost("127.0.0.1").apiKeys(ApiKeys.parse("acme-key=acme")).routes(routes).build();
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return send("GET", path, null, AUTH);
    }

    private HttpResponse<String> send(final String method, final String path, final String body, final String auth)
            throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class FakeLookup implements KeyOwnerLookup {
        private final Map<String, KeyOwner> owners;

        FakeLookup(final Map<String, KeyOwner> owners) {
            this.owners = owners;
        }

        @Override
        public <K> KeyOwner locate(final String store, final K key, final Serializer<K> keySerializer) {
            assertThat(store).isEqualTo(STORE);
            return owners.getOrDefault(String.valueOf(key), new KeyOwner.Unavailable("unknown key in test"));
        }
    }
}
