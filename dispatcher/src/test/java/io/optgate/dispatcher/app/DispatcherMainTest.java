package io.optgate.dispatcher.app;

import io.optgate.platform.config.Env;
import io.optgate.platform.topics.TopicNames;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes an orchestrator sees when the dispatcher cannot start. */
@RealKafka
class DispatcherMainTest {

    @TempDir
    Path dataDir;

    @Test
    void aMissingBrokerAddressIsBadConfigurationAndExitsWithTwo() throws Exception {
        assertThat(DispatcherMain.run(Env.of(Map.of(
                "SCHEMA_REGISTRY_URL", "http://localhost:9",
                "OPTGATE_DATA_DIR", dataDir.toString())))).isEqualTo(2);
    }

    @Test
    void joinedTopicsThatAreNotCoPartitionedExitWithTwo(final KafkaCluster kafka) throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("main-" + run + "."));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", "mock://dispatcher-main-" + run);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put("OPTGATE_HTTP_PORT", "0");
        final TopicNames names = TopicNames.fromEnv(env);
        // message.requests may differ (its requests are re-routed); these two may not.
        kafka.createTopic(names.dispatchDeliveries(), 2);
        kafka.createCompactedTopic(names.consentState(), 3);

        assertThat(DispatcherMain.run(Env.of(env))).isEqualTo(2);
    }
}
