package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.MessageRequest;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The registry URL picks the client, and a bad URL is refused naming the setting. */
class SchemaRegistryClientsTest {

    @Test
    void mockUrlGivesACachedClientOfTheInProcessRegistryOfThatScope() {
        final SchemaRegistryClient writer = SchemaRegistryClients.forUrl("mock://same-scope");
        final SchemaRegistryClient reader = SchemaRegistryClients.forUrl("mock://same-scope/");
        final int id = writer.register("t-value", MessageRequest.getClassSchema());

        assertThat(writer).isInstanceOf(CachingSchemaRegistryClient.class);
        assertThat(reader.schemaById(id)).isEqualTo(MessageRequest.getClassSchema());
        assertThat(SchemaRegistryClients.forUrl("mock://other-scope").register("t-value", ConsentEvent.getClassSchema()))
            .as("another scope numbers its own schemas").isEqualTo(1);
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
