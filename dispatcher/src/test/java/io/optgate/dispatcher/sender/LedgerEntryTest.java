package io.optgate.dispatcher.sender;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerEntryTest {

    @Test
    void anEntryIsSmallReadableJsonThatReadsBack() {
        final LedgerEntry entry = new LedgerEntry("req-1", "vet-a", "c-1", LedgerEntry.State.HANDED_OVER, 2, 42,
                1_777_000_000_000L);

        assertThat(new String(entry.toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"requestId\":\"req-1\",\"tenantId\":\"vet-a\",\"clientId\":\"c-1\",\"state\":\"HANDED_OVER\","
                        + "\"attempt\":2,\"sourceOffset\":42,\"atMillis\":1777000000000}");
        assertThat(LedgerEntry.fromBytes(entry.toBytes())).isEqualTo(entry);
        assertThat(entry.key()).isEqualTo("vet-a:c-1/req-1");
    }

    @Test
    void anEntryWrittenBeforeTheKeyCarriedThePracticeIsKeyedByItsRequestId() {
        final LedgerEntry old = LedgerEntry.fromBytes(("{\"requestId\":\"req-1\",\"state\":\"DONE\",\"attempt\":1,"
                + "\"sourceOffset\":7,\"atMillis\":1777000000000}").getBytes(StandardCharsets.UTF_8));

        assertThat(old.tenantId()).isNull();
        assertThat(old.key()).isEqualTo("req-1");
    }

    @Test
    void bytesThatAreNotAnEntryAreRefused() {
        assertThatThrownBy(() -> LedgerEntry.fromBytes("nope".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a ledger entry");
    }
}
