package io.optgate.local.registry;

import io.optgate.platform.http.HttpApi;
import io.optgate.platform.serde.SchemaNotFoundException;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.MessageRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Another process, with optgate's own REST registry client, shares local mode's schema ids over HTTP. */
class RegistryRoutesTest {

    private static final String SCOPE = "registry-routes-test";
    private final SchemaRegistryClient inProcess = SchemaRegistryClients.forUrl("mock://" + SCOPE);
    private final HttpApi http = HttpApi.builder().port(0).routes(RegistryRoutes.create(inProcess)).build().start();

    @AfterEach
    void stop() {
        http.stop(java.time.Duration.ZERO);
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    @Test
    void aSchemaRegisteredOverHttpHasTheInProcessIdAndIsFetchedBack() {
        final SchemaRegistryClient remote = SchemaRegistryClients.forUrl(http.baseUri().toString());
        final int known = inProcess.register("message.requests-value", MessageRequest.getClassSchema());

        assertThat(remote.register("message.requests-value", MessageRequest.getClassSchema())).isEqualTo(known);
        assertThat(remote.schemaById(known)).isEqualTo(MessageRequest.getClassSchema());
        assertThatThrownBy(() -> remote.schemaById(known + 100)).isInstanceOf(SchemaNotFoundException.class);
    }
}
