package io.optgate.platform.config;

import io.optgate.platform.http.Principal;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommonConfigTest {

    @Test
    void anAppRunningAloneNeedsABrokerAndARegistryAndHearsOfBothAtOnce() {
        final CommonConfig neither = CommonConfig.from(Env.of(Map.of()));
        final CommonConfig both = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "SCHEMA_REGISTRY_URL", "http://registry:8081")));

        assertThatThrownBy(() -> neither.requireBrokerAndRegistry("dispatcher"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS is required when dispatcher runs alone")
                .hasMessageContaining("SCHEMA_REGISTRY_URL is required when dispatcher runs alone");
        both.requireBrokerAndRegistry("dispatcher");
    }

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        final CommonConfig config = CommonConfig.from(Env.of(Map.of()));

        assertThat(config.bootstrapServers()).isEmpty();
        assertThat(config.schemaRegistryUrl()).isEmpty();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.publicUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(config.apiKeys().enabled()).isFalse();
        assertThat(config.dataDir()).isEqualTo(Path.of(".optgate-data"));
    }

    @Test
    void theDefaultPublicUrlFollowsTheHttpPort() {
        final CommonConfig config = CommonConfig.from(Env.of(Map.of("OPTGATE_HTTP_PORT", "9000")));

        assertThat(config.publicUrl()).isEqualTo(URI.create("http://localhost:9000"));
    }

    @Test
    void everyVariableIsRead() {
        final CommonConfig config = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "SCHEMA_REGISTRY_URL", "http://registry:8081",
                "OPTGATE_HTTP_PORT", "8181",
                "OPTGATE_PUBLIC_URL", "https://optgate.example.com/",
                "OPTGATE_API_KEYS", "k1=acme, k2=*",
                "OPTGATE_DATA_DIR", "/var/lib/optgate")));

        assertThat(config.bootstrapServers()).contains("kafka:9092");
        assertThat(config.schemaRegistryUrl()).contains(URI.create("http://registry:8081"));
        assertThat(config.httpPort()).isEqualTo(8181);
        assertThat(config.publicUrl()).isEqualTo(URI.create("https://optgate.example.com"));
        assertThat(config.apiKeys().authenticate("Bearer k1")).containsInstanceOf(Principal.TenantKey.class);
        assertThat(config.apiKeys().authenticate("Bearer k2")).containsInstanceOf(Principal.SupportKey.class);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/optgate"));
    }

    @Test
    void allProblemsAreReportedTogetherWithoutShowingApiKeys() {
        assertThatThrownBy(() -> CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka",
                "SCHEMA_REGISTRY_URL", "not a uri",
                "OPTGATE_HTTP_PORT", "-1",
                "OPTGATE_API_KEYS", "topsecret=acme,broken"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly(
                            "KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "OPTGATE_HTTP_PORT", "OPTGATE_API_KEYS");
                    assertThat(e.getMessage())
                            .contains("OPTGATE_API_KEYS='[hidden]': entry 2 is not key=tenantId or key=*")
                            .doesNotContain("topsecret");
                });
    }

    @Test
    void bootstrapServersMayCarryAListenerPrefix() {
        final CommonConfig config = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "SASL_SSL://b1.example.com:9093, b2.example.com:9093")));

        assertThat(config.bootstrapServers()).contains("SASL_SSL://b1.example.com:9093, b2.example.com:9093");
    }

    @Test
    void toStringIsSafeToLog() {
        final CommonConfig config = CommonConfig.from(Env.of(Map.of(
                "OPTGATE_API_KEYS", "topsecret=acme",
                "KAFKA_SASL_JAAS_CONFIG", "password=\"p4ss\"")));

        assertThat(config.toString()).doesNotContain("topsecret").doesNotContain("p4ss").contains("1 keys");
    }

    @Test
    void theRegistrysBasicAuthIsUsedButNotShown() {
        final CommonConfig config = CommonConfig.from(Env.of(Map.of(
                "SCHEMA_REGISTRY_URL", "http://registry-user:r3gistry-pw@registry.example.com:8081")));

        assertThat(config.schemaRegistryUrl()).contains(URI.create("http://registry-user:r3gistry-pw@registry.example.com:8081"));
        assertThat(config.toString()).doesNotContain("r3gistry-pw").doesNotContain("registry-user")
                .contains("schemaRegistryUrl=http://[hidden]@registry.example.com:8081");
    }

    @Test
    void anInvalidRegistryUrlIsRefusedWithoutShowingItsCredentials() {
        assertThatThrownBy(() -> CommonConfig.from(Env.of(Map.of(
                "SCHEMA_REGISTRY_URL", "http://registry-user:r3gistry-pw@registry example.com:8081"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SCHEMA_REGISTRY_URL")
                .hasMessageNotContaining("r3gistry-pw");
    }
}
