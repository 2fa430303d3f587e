package io.optgate.local.compose;

import io.optgate.platform.config.CommonConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.consent.app.ConsentConfig;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml matches what the apps read; the docker-compose binary checks the syntax (DockerComposeConfigTest). */
class ComposeFileTest {

    private static final Set<String> APPS = Set.of("consent-streams", "dispatcher");
    private final ComposeFile compose = ComposeFile.load();

    @Test
    void everyVariableConsentStreamsReadsIsSetOrPassedThrough() {
        assertThat(missing("consent-streams", AppVariables.consentStreams())).isEmpty();
    }

    @Test
    void everyVariableTheDispatcherReadsIsSetOrPassedThrough() {
        assertThat(missing("dispatcher", AppVariables.dispatcher())).isEmpty();
    }

    @Test
    void twilioCredentialsComeFromTheUsersEnvironmentNeverFromTheFile() {
        final Map<String, Optional<String>> env = compose.environment("dispatcher");
        for (final String variable : AppVariables.twilio()) {
            assertThat(env.get(variable))
                    .as(variable)
                    .satisfiesAnyOf(
                            v -> assertThat(v).isEmpty(),
                            v -> assertThat(v.orElseThrow()).isEqualTo("${" + variable + ":-}"));
        }
    }

    @Test
    void bothAppsReadTheSameTopicNames() {
        final Map<String, Optional<String>> consent = compose.environment("consent-streams");
        final Map<String, Optional<String>> dispatcher = compose.environment("dispatcher");
        TopicNames.defaults().all().stream().map(TopicNames::envVariable)
                .forEach(k -> assertThat(dispatcher.get(k)).as(k).isNotNull().isEqualTo(consent.get(k)));
    }

    @Test
    void consentStateAndMessageRequestsGetTheSamePartitionCountFromBothApps() {
        assertThat(compose.environment("consent-streams").get(CommonConfig.TOPIC_PARTITIONS)).isPresent()
                .isEqualTo(compose.environment("dispatcher").get(CommonConfig.TOPIC_PARTITIONS));
    }

    @Test
    void appsScaleOutNoFixedNameNoHostPortAndAHealthCheckOnHealth() {
        for (final String app : APPS) {
            final JsonNode service = compose.service(app);
            assertThat(service.has("container_name")).as(app + " container_name").isFalse();
            assertThat(service.has("ports")).as(app + " host ports").isFalse();
            assertThat(service.path("build").path("dockerfile").asText()).isEqualTo("docker/" + app + ".Dockerfile");
            assertThat(service.path("healthcheck").path("test").toString()).contains("/health");
            assertThat(compose.root().resolve("docker/" + app + ".Dockerfile")).content()
                    .contains("FROM eclipse-temurin:17-jre", "optgate-" + app + ".jar", "entrypoint");
        }
    }

    @Test
    void threeKraftBrokersOnTheOfficialImageOfOurKafkaVersion() {
        final Set<String> brokers = new TreeSet<>();
        for (final String name : compose.serviceNames()) {
            final JsonNode service = compose.service(name);
            if (service.path("image").asText().startsWith("apache/kafka:")) {
                brokers.add(name);
                assertThat(service.path("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
                assertThat(service.path("healthcheck").path("test").toString()).contains("9092");
                final Map<String, Optional<String>> env = compose.environment(name);
                assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker,controller");
                assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").orElseThrow().split(",")).hasSize(3);
                assertThat(env.get("KAFKA_NODE_ID")).isPresent();
            }
        }
        assertThat(brokers).hasSize(3);
    }

    @Test
    void schemaRegistryAndAKafkaUiAreThere() {
        assertThat(compose.service("schema-registry").path("image").asText()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(compose.service("schema-registry").path("healthcheck").isMissingNode()).isFalse();
        assertThat(compose.serviceNames()).anySatisfy(name ->
                assertThat(compose.service(name).path("image").asText()).containsPattern("kafka-ui"));
        for (final String app : APPS) {
            assertThat(compose.environment(app).get("SCHEMA_REGISTRY_URL")).contains("http://schema-registry:8081");
        }
    }

    private Set<String> missing(final String app, final Set<String> required) {
        final Map<String, Optional<String>> env = compose.environment(app);
        final Set<String> missing = new TreeSet<>(required);
        missing.removeAll(env.keySet());
        return missing;
    }

    @Test
    void noSupportKeyIsShippedAndEveryAppRequiresOne() {
        for (final String app : APPS) {
            assertThat(compose.environment(app).get("OPTGATE_API_KEYS")).as(app + " OPTGATE_API_KEYS")
                    .hasValueSatisfying(value -> assertThat(value).startsWith("${OPTGATE_API_KEYS:?").doesNotContain(":-"));
        }
        assertThat(compose.root().resolve("docker-compose.yml")).content().doesNotContain("demo-support-key");
    }

    @Test
    void everyPublishedPortIsBoundToLoopbackUnlessOptgateBindSaysOtherwise() {
        int published = 0;
        for (final String name : compose.serviceNames()) {
            for (final JsonNode port : compose.service(name).path("ports")) {
                published++;
                assertThat(port.asText()).as(name + " port").startsWith("${OPTGATE_BIND:-127.0.0.1}:");
            }
        }
        assertThat(published).as("brokers, registry, gateway and UI publish ports").isGreaterThanOrEqualTo(6);
    }
}
