package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The registry URL picks the client, and a bad URL is refused naming the setting. */
class SchemaRegistryClientsTest {

    @Test
    void mockUrlGivesTheInProcessRegistryOfThatScope() {
        assertThat(SchemaRegistryClients.forUrl("mock://same-scope"))
            .isInstanceOf(InMemorySchemaRegistry.class)
            .isSameAs(SchemaRegistryClients.forUrl("mock://same-scope/"));
    }

    @Test
    void httpUrlGivesACachedRestClientWithoutTheCredentialsInItsName() {
        final SchemaRegistryClient client = SchemaRegistryClients.forUrl("https://ops:s3cret@registry.example:8081/");

        assertThat(client).isInstanceOf(CachingSchemaRegistryClient.class);
        assertThat(client.toString()).isEqualTo("[https://registry.example:8081]").doesNotContain("s3cret");
    }

    @Test
    void missingOrBlankUrlNamesTheSetting() {
        assertThatThrownBy(() -> SchemaRegistryClients.forConfig(Map.of()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl(" "))
            .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void unsupportedOrMalformedUrlsAreRefused() {
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("ftp://registry:8081"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("registry:8081"))
            .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("http://registry:8081/?x=1"))
            .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("mock://"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("scope");
    }
}
