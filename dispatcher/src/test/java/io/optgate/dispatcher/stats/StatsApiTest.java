package io.optgate.dispatcher.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.http.Json;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.http.query.KeyOwner;
import io.optgate.platform.http.query.KeyOwnerLookup;
import io.optgate.platform.http.query.OwnerForwarder;
import io.optgate.schema.Category;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.TENANT;
import static io.optgate.dispatcher.DispatcherDriver.consent;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/tenants/{t}/dispatch-stats}: the last hour of one-minute windows, from the store behind ops.dispatch-stats. */
class StatsApiTest {

    @TempDir
    Path stateDir;
    private DispatcherDriver dispatcher;
    private HttpApi server;
    private final ObjectMapper mapper = Json.newObjectMapper();

    @BeforeEach
    void start() {
        dispatcher = new DispatcherDriver(DispatchTuning.DEFAULTS, stateDir);
        final KeyOwnerLookup alwaysHere = new KeyOwnerLookup() {
            @Override
            public <K> KeyOwner locate(final String store, final K key, final Serializer<K> keySerializer) {
                return new KeyOwner.Local(0);
            }
        };
        final Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(final ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return dispatcher.now();
            }
        };
        final StatsApi api = new StatsApi(new InteractiveQueries(alwaysHere, OwnerForwarder.create()),
                StatsApi.fromStores(partition -> dispatcher.driver().getWindowStore(StatsTopology.STATS_STORE)), clock);
        server = HttpApi.builder().port(0).apiKeys(ApiKeys.parse("k1=" + TENANT + ",k2=other")).routes(api.routes()).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        dispatcher.close();
    }

    private HttpResponse<String> get(final String tenant, final String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/tenants/" + tenant + "/dispatch-stats"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLastHourIsAnsweredMinuteByMinuteOldestFirst() throws Exception {
        dispatcher.consent(consent("opted-out", SmsLevel.OPTED_OUT, 1).build(), START.minusSeconds(60));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r2", "opted-out", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(Duration.ofMillis(1300));
        dispatcher.tick(Duration.ofSeconds(60));
        dispatcher.send(request("r3", "c1", Category.MARKETING).setRequestedAt(dispatcher.now()).build());
        dispatcher.tick(Duration.ofMillis(1300));

        final HttpResponse<String> answer = get(TENANT, "k1");

        assertThat(answer.statusCode()).isEqualTo(200);
        final JsonNode body = mapper.readTree(answer.body());
        assertThat(body.path("tenantId").asText()).isEqualTo(TENANT);
        final JsonNode windows = body.path("windows");
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).path("windowStart").asText()).isEqualTo(START.toString());
        assertThat(windows.get(0).path("windowEnd").asText()).isEqualTo(START.plusSeconds(60).toString());
        assertThat(windows.get(0).path("total").asLong()).isEqualTo(2);
        assertThat(windows.get(0).path("countsByReason").path("OPTED_OUT").asLong()).isEqualTo(1);
        assertThat(windows.get(0).path("countsByVerdict").path("SEND").asLong()).isEqualTo(1);
        assertThat(windows.get(1).path("countsByReason").path("LEVEL_TOO_LOW").asLong()).isEqualTo(1);
        assertThat(get(TENANT, "k2").statusCode()).isEqualTo(403);
    }
}
