package io.optgate.platform.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSettingsTest {

    @Test
    void kafkaVariablesBecomeDottedLowerCaseSettings() {
        final KafkaSettings settings = KafkaSettings.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092",
                "KAFKA_CONSUMER_MAX_POLL_RECORDS", "250",
                "KAFKA_NUM_STREAM_THREADS", "2",
                "OPTGATE_LOCAL_KAFKA_PORT", "9092")));

        assertThat(settings.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "broker-1:9092,broker-2:9092",
                "consumer.max.poll.records", "250",
                "num.stream.threads", "2"));
        assertThat(settings.bootstrapServers()).contains("broker-1:9092,broker-2:9092");
    }

    @Test
    void variablesOfKafkasOwnScriptsAreNotClientSettings() {
        final KafkaSettings settings = KafkaSettings.from(Env.of(Map.of(
                "KAFKA_HOME", "/opt/kafka",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_OPTS", "-Dx=y",
                "KAFKA_", "nothing")));

        assertThat(settings.asMap()).isEmpty();
    }

    @Test
    void secretsAreMaskedWhenPrinted() {
        final KafkaSettings settings = KafkaSettings.from(Env.of(Map.of(
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
                "KAFKA_SSL_KEY_PASSWORD", "hunter2",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL")));

        assertThat(settings.toString())
                .isEqualTo("{sasl.jaas.config=[hidden], security.protocol=SASL_SSL, ssl.key.password=[hidden]}");
    }

    @Test
    void settingsOverlayTheDefaults() {
        final KafkaSettings settings = KafkaSettings.of(Map.of("processing.guarantee", "at_least_once"));

        final Properties properties = settings.overlay(Map.of(
                "processing.guarantee", "exactly_once_v2",
                "application.id", "optgate-consent"));

        assertThat(properties).containsEntry("processing.guarantee", "at_least_once")
                .containsEntry("application.id", "optgate-consent");
    }

    @Test
    void withAddsOneSettingWithoutChangingTheOriginal() {
        final KafkaSettings original = KafkaSettings.of(Map.of());

        assertThat(original.with("bootstrap.servers", "localhost:9092").bootstrapServers()).contains("localhost:9092");
        assertThat(original.bootstrapServers()).isEmpty();
    }
}
