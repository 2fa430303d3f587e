package io.optgate.consent.app;

import io.optgate.platform.config.Env;
import io.optgate.platform.topics.TopicNames;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes an orchestrator sees when consent-streams cannot start. */
@RealKafka
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConsentStreamsMainTest {

    @TempDir
    Path dataDir;

    @Test
    void aMissingRegistryIsBadConfigurationAndExitsWithTwo() throws Exception {
        assertThat(ConsentStreamsMain.run(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:9",
                "OPTGATE_DATA_DIR", dataDir.toString())))).isEqualTo(2);
    }

    @Test
    void clientPlacedTopicsWithDifferentPartitionCountsExitWithTwoAsTheDispatcherDoes(final KafkaCluster kafka) throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> env = new HashMap<>(TopicNames.prefixedVariables("main-" + run + "."));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", "mock://consent-main-" + run);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put("OPTGATE_HTTP_PORT", "0");
        env.put("OPTGATE_TOPIC_PARTITIONS", "3");
        kafka.createTopic(TopicNames.fromEnv(env).consentEvents(), 1);
        kafka.createCompactedTopic(TopicNames.fromEnv(env).consentState(), 3);

        assertThat(ConsentStreamsMain.run(Env.of(env))).isEqualTo(2);
    }
}
