package io.optgate.local;

import io.optgate.platform.serde.SchemaRegistryClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The opt-out holds however a client types it (issue 11, part 2), end to end on the real broker:
 * a signed inbound {@code "Stop."} to the practice's number opts the client out in consent-streams,
 * and so does a revocation in plain language (issue 16, part 1), while a normal reply changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedStopLocalTest {

    LocalOptGate gate;

    @BeforeAll
    void start(@TempDir final Path dataDir) throws Exception {
        gate = LocalOptGate.start(dataDir, "vet-a");
    }

    @AfterAll
    void stop() {
        if (gate != null) {
            gate.close();
        }
        SchemaRegistryClients.dropMockScope("local");
    }

    @Test
    void stopWithAFullStopOptsTheClientOut() throws Exception {
        assertThat(gate.putSendingNumber("vet-a", LocalOptGate.SUPPORT, "+15005550101").statusCode()).isEqualTo(200);
        assertThat(gate.putClient("vet-a", "c-1", "+15557770101").statusCode()).isEqualTo(200);
        // The dispatcher reads the practice's number from a global store: wait until it answers for it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gate.inbound("+15557770101", "+15005550101", "HELP", false).body().contains("vet-a vets"));

        assertThat(gate.inbound("+15557770101", "+15005550101", "Stop.", false).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gate.level("vet-a", "c-1").equals("OPTED_OUT"));
        assertThat(gate.notes("vet-a", "c-1")).contains("The client replied STOP");
    }

    @Test
    void aRevocationInPlainLanguageOptsTheClientOutAndANormalReplyDoesNot() throws Exception {
        assertThat(gate.putSendingNumber("vet-a", LocalOptGate.SUPPORT, "+15005550101").statusCode()).isEqualTo(200);
        assertThat(gate.putClient("vet-a", "c-2", "+15557770102").statusCode()).isEqualTo(200);
        assertThat(gate.putClient("vet-a", "c-3", "+15557770103").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gate.inbound("+15557770102", "+15005550101", "HELP", false).body().contains("vet-a vets"));

        assertThat(gate.inbound("+15557770103", "+15005550101", "I'll stop by at 3", false).body()).endsWith("<Response/>");
        assertThat(gate.inbound("+15557770102", "+15005550101", "who is this, stop", false).body())
                .contains("<Message>Reply STOP to stop all texts from");
        assertThat(gate.inbound("+15557770102", "+15005550101", "Please stop texting me!", false).body())
                .contains("<Message>You are unsubscribed from");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gate.level("vet-a", "c-2").equals("OPTED_OUT"));
        assertThat(gate.notes("vet-a", "c-2")).contains("The client's text was read as a request to stop texts");
        assertThat(gate.level("vet-a", "c-3")).isNotEqualTo("OPTED_OUT");
    }
}
