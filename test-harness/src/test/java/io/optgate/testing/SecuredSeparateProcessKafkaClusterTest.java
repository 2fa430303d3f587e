package io.optgate.testing;

import static io.optgate.testing.TestRecords.consume;
import static io.optgate.testing.TestRecords.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A separate-process cluster whose client listener is SASL_PLAINTEXT/PLAIN only. Three nodes, so that
 * the brokers must log in to each other too: the readiness check writes with {@code acks=all} and
 * {@code min.insync.replicas=2}, which needs a follower fetching over the SASL listener.
 */
class SecuredSeparateProcessKafkaClusterTest {

    private static final SaslPlain USER = new SaslPlain("harness-test", "harness-test-secret");
    private static ProcessKafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaClusters.separateProcesses(3, USER);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aClientLoggedInAsTheUserWritesAndReads() throws Exception {
        final String topic = unique("secured");
        kafka.createTopic(topic, 1);
        assertThat(kafka.clientSecurity()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }
        assertThat(consume(kafka, topic, unique("secured-readers"), 1)).containsExactly("v");
    }

    @Test
    void aClientWithoutSecuritySettingsGetsNothing() {
        final Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            // The listener expects a SASL handshake and drops the connection; the client only ever times out.
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aClientWithTheWrongPasswordIsRefused() {
        final Map<String, Object> config = new HashMap<>(new SaslPlain(USER.user(), "wrong").clientSettings());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void thePasswordIsNotInTheDescription() {
        assertThat(USER.toString()).doesNotContain(USER.password());
        assertThat(kafka.toString()).doesNotContain(USER.password());
    }
}
