package io.optgate.consent.app;

import io.optgate.consent.http.JsonHttp;
import io.optgate.consent.topology.ConsentStores;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static io.optgate.consent.app.ConsentInstance.SUPPORT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances of the app: each answers, and changes, the practices the other one holds. */
@RealKafka
class TwoInstancesBrokerTest {

    private static final String STAFF = "\"actor\": {\"type\": \"STAFF\", \"id\": \"u-1\"}";

    @Test
    void eachInstanceAnswersForTheOthersPractices(final KafkaCluster kafka, @TempDir final Path dataDir) {
        final String registry = "consent-two-instances";
        try (ConsentInstance a = new ConsentInstance(kafka, "two-", registry, dataDir.resolve("a"), 4);
             ConsentInstance b = new ConsentInstance(kafka, "two-", registry, dataDir.resolve("b"), 4)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> a.isRunning() && b.isRunning()
                    && tenantHeldBy(a, a).isPresent() && tenantHeldBy(a, b).isPresent());
            final String heldByA = tenantHeldBy(a, a).orElseThrow();
            final String heldByB = tenantHeldBy(a, b).orElseThrow();

            final JsonHttp.Answer writtenThroughB = b.put("/v1/tenants/" + heldByA + "/clients/c1/sms-consent", SUPPORT_KEY,
                    "{\"level\": \"FULL_TRANSACTIONAL\", " + STAFF + "}");
            final JsonHttp.Answer writtenThroughA = a.put("/v1/tenants/" + heldByB + "/clients/c1/sms-consent", SUPPORT_KEY,
                    "{\"level\": \"OPTED_OUT\", " + STAFF + "}");

            assertThat(writtenThroughB.status()).isEqualTo(200);
            assertThat(writtenThroughA.status()).isEqualTo(200);
            for (final ConsentInstance asked : new ConsentInstance[] {a, b}) {
                assertThat(asked.get("/v1/tenants/" + heldByA + "/clients/c1/sms-consent", SUPPORT_KEY).body().path("level").asText())
                        .isEqualTo("FULL_TRANSACTIONAL");
                assertThat(asked.get("/v1/tenants/" + heldByB + "/clients/c1/sms-consent", SUPPORT_KEY).body().path("level").asText())
                        .isEqualTo("OPTED_OUT");
                assertThat(asked.get("/v1/tenants/" + heldByB + "/clients/c1/notes", SUPPORT_KEY).body().path("notes")).hasSize(1);
            }
        } finally {
            SchemaRegistryClients.dropMockScope(registry);
        }
    }

    /** A practice id whose data {@code owner} holds, as {@code asked} sees the group. */
    private static Optional<String> tenantHeldBy(final ConsentInstance asked, final ConsentInstance owner) {
        final HostInfo host = new HostInfo("127.0.0.1", owner.http.port());
        for (int i = 0; i < 64; i++) {
            final String tenant = "vet-" + i;
            final KeyQueryMetadata metadata = asked.service.streams().streams()
                    .queryMetadataForKey(ConsentStores.CLIENTS, tenant, new StringSerializer());
            if (metadata != null && host.equals(metadata.activeHost())) {
                return Optional.of(tenant);
            }
        }
        return Optional.empty();
    }
}
