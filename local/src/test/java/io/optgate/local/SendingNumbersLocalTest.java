package io.optgate.local;

import io.optgate.platform.serde.SchemaRegistryClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One owner per sending number, and STOPs through a Messaging Service (issue 11, parts 4 and 5),
 * end to end on the real broker: consent-streams decides every number's owner in one task and the
 * dispatcher's inbound webhook reads that decision.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendingNumbersLocalTest {

    LocalOptGate gate;

    @BeforeAll
    void start(@TempDir final Path dataDir) throws Exception {
        gate = LocalOptGate.start(dataDir, "vet-a", "vet-b", "vet-c", "vet-d");
    }

    @AfterAll
    void stop() {
        if (gate != null) {
            gate.close();
        }
        SchemaRegistryClients.dropMockScope("local");
    }

    /** Before: 200, and from then on vet-a's clients' STOPs were ignored (the number had two owners). */
    @Test
    void anotherPracticesKeyCannotTakeANumberAndItsOwnersClientsCanStillStop() throws Exception {
        assertThat(gate.putSendingNumber("vet-a", LocalOptGate.SUPPORT, "+15005550201").statusCode()).isEqualTo(200);
        assertThat(gate.putClient("vet-a", "c-1", "+15557770201").statusCode()).isEqualTo(200);

        final HttpResponse<String> byB = gate.putSendingNumber("vet-b", "vet-b-key", "+15005550201");
        assertThat(byB.statusCode()).isEqualTo(403);
        assertThat(byB.body()).contains("SENDING_NUMBER_SUPPORT_ONLY").doesNotContain("vet-a");
        final HttpResponse<String> bySupport = gate.putSendingNumber("vet-b", LocalOptGate.SUPPORT, "+15005550201");
        assertThat(bySupport.statusCode()).isEqualTo(409);
        assertThat(bySupport.body()).contains("NUMBER_IN_USE", "vet-a");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gate.inbound("+15557770201", "+15005550201", "HELP", false).body().contains("vet-a vets"));
        assertThat(gate.inbound("+15557770201", "+15005550201", "STOP", false).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gate.level("vet-a", "c-1").equals("OPTED_OUT"));
    }

    /** Two practices claim one free number at the same moment: exactly one gets it. */
    @Test
    void twoConcurrentClaimsOfOneNumberHaveExactlyOneWinner() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            final List<Callable<HttpResponse<String>>> claims = List.of(
                    () -> gate.putSendingNumber("vet-c", LocalOptGate.SUPPORT, "+15005550301"),
                    () -> gate.putSendingNumber("vet-d", LocalOptGate.SUPPORT, "+15005550301"));
            final List<Integer> statuses = pool.invokeAll(claims).stream().map(SendingNumbersLocalTest::status).sorted().toList();
            assertThat(statuses).containsExactly(200, 409);
        } finally {
            pool.shutdownNow();
        }
        final String c = gate.get("/v1/tenants/vet-c/communication-settings", LocalOptGate.SUPPORT).body();
        final String d = gate.get("/v1/tenants/vet-d/communication-settings", LocalOptGate.SUPPORT).body();
        assertThat(List.of(c, d)).filteredOn(body -> body.contains("+15005550301")).hasSize(1);
    }

    /** Before: the pool number matched no practice's smsFrom and the STOP was answered and dropped. */
    @Test
    void aStopToTheMessagingServicesNumberOptsTheClientOutOfEveryPracticeWithTheNumber() throws Exception {
        assertThat(gate.putClient("vet-a", "c-7", "+15557770777").statusCode()).isEqualTo(200);
        assertThat(gate.putClient("vet-b", "c-9", "+15557770777").statusCode()).isEqualTo(200);
        // The index of numbers on record reaches the dispatcher a moment after the PUTs: the client
        // repeats STOP until it has (each STOP applies to every practice found at that moment).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> gate.inbound("+15557770777", "+15005550999", "Stop", true).statusCode() == 200
                        && gate.level("vet-a", "c-7").equals("OPTED_OUT") && gate.level("vet-b", "c-9").equals("OPTED_OUT"));
        assertThat(gate.notes("vet-a", "c-7")).contains("The client replied STOP");
        assertThat(gate.notes("vet-b", "c-9")).contains("The client replied STOP");
    }

    private static int status(final Future<HttpResponse<String>> answer) {
        try {
            return answer.get().statusCode();
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
