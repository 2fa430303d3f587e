package io.optgate.platform.runner;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.config.KafkaSettings;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamsConfigsTest {

    @Test
    void optgateDefaultsThenAppDefaultsThenOperatorSettings() {
        final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_NUM_STREAM_THREADS", "4",
                "OPTGATE_DATA_DIR", "/data")));

        final Properties config = StreamsConfigs.build("optgate-consent", common, Map.of(
                "num.stream.threads", "2",
                "commit.interval.ms", "200"));

        assertThat(config)
                .containsEntry("application.id", "optgate-consent")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("ensure.explicit.internal.resource.naming", "true")
                .containsEntry("processing.exception.handler.global.enabled", "true")
                .containsEntry("state.dir", Path.of("/data/streams").toAbsolutePath().toString())
                .containsEntry("commit.interval.ms", "200")
                .containsEntry("num.stream.threads", "4");
    }

    @Test
    void noKafkaVariableWeakensExactlyOnceOrExplicitNaming() {
        final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "KAFKA_ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING", "false",
                KafkaSettings.PREFIX + StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG.toUpperCase(Locale.ROOT).replace('.', '_'),
                LogAndContinueExceptionHandler.class.getName())));

        assertThat(StreamsConfigs.forApp("optgate-consent-streams", common, Map.of(), Map.of()))
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("ensure.explicit.internal.resource.naming", "true")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterQueueDeserializationHandler.class.getName());
    }

    @Test
    void anAppsInvariantsWinOverItsDefaultsAndTheOperatorsSettings() {
        final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "KAFKA_TOPOLOGY_OPTIMIZATION", "none")));

        assertThat(StreamsConfigs.forApp("optgate-dispatcher", common, Map.of("topology.optimization", "all"),
                Map.of("topology.optimization", "reuse.ktable.source.topics")))
                .containsEntry("topology.optimization", "reuse.ktable.source.topics");
    }

    @Test
    void aDeadInstanceHoldsItsPartitionsForTenSecondsUnlessTheOperatorSaysOtherwise() {
        final CommonConfig defaults = CommonConfig.from(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")));
        final CommonConfig tuned = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "KAFKA_SESSION_TIMEOUT_MS", "45000")));

        assertThat(StreamsConfigs.build("optgate-dispatcher", defaults, Map.of()))
                .containsEntry("session.timeout.ms", "10000")
                .containsEntry("heartbeat.interval.ms", "3333");
        assertThat(StreamsConfigs.build("optgate-dispatcher", tuned, Map.of()))
                .containsEntry("session.timeout.ms", "45000");
    }

    @Test
    void aSingleInstanceFindsItsOwnKeysWithoutConfiguringItsAddress() {
        final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "OPTGATE_HTTP_PORT", "8181")));

        assertThat(StreamsConfigs.build("optgate-dispatcher", common, Map.of()))
                .containsEntry("application.server", "localhost:8181");
    }

    @Test
    void eachOfSeveralInstancesNamesItsOwnAddress() {
        final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "KAFKA_APPLICATION_SERVER", "dispatcher-2:8080")));

        assertThat(StreamsConfigs.build("optgate-dispatcher", common, Map.of()))
                .containsEntry("application.server", "dispatcher-2:8080");
    }

    @Test
    void anAppNeedsAnApplicationIdAndBootstrapServers() {
        final Properties config = new Properties();
        config.put("application.id", "x");

        assertThatThrownBy(() -> new StreamsApp("x", new StreamsBuilder().build(), config))
                .hasMessage("the Streams config of x has no bootstrap.servers");
    }

    @Test
    void anAppKeepsItsOwnCopyOfTheConfig() {
        final Properties config = new Properties();
        config.put("application.id", "x");
        config.put("bootstrap.servers", "k:9092");
        final StreamsApp app = new StreamsApp("x", new StreamsBuilder().build(), config);

        config.put("application.id", "changed");
        app.config().put("application.id", "changed too");

        assertThat(app.applicationId()).isEqualTo("x");
    }
}
