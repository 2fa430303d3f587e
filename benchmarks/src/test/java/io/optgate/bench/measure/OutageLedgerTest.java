package io.optgate.bench.measure;

import io.optgate.bench.measure.OutageLedger.Decision;
import io.optgate.bench.measure.OutageLedger.Period;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutageLedgerTest {

    @Test
    void aSendForARequestMadeAfterItsClientsStopIsCounted() {
        final OutageLedger ledger = new OutageLedger();
        ledger.stopped("t:c1", 1_000);
        ledger.requested("r1", "t:c1", 1_500, Period.DURING);
        ledger.decided("r1", new Decision(true, "ELIGIBLE", 1_600));

        final OutageLedger.Tally tally = ledger.tally(Period.DURING);

        assertThat(tally.sentAfterStop()).isEqualTo(1);
        assertThat(tally.sent()).isEqualTo(1);
    }

    @Test
    void aSendBeforeTheStopAndADropAfterItAreNotViolations() {
        final OutageLedger ledger = new OutageLedger();
        ledger.requested("before", "t:c1", 900, Period.DURING);
        ledger.stopped("t:c1", 1_000);
        ledger.requested("after", "t:c1", 1_100, Period.DURING);
        ledger.requested("stale", "t:c2", 1_100, Period.DURING);
        ledger.decided("before", new Decision(true, "ELIGIBLE", 1_200));
        ledger.decided("after", new Decision(false, "OPTED_OUT", 1_300));
        ledger.decided("stale", new Decision(false, "CONSENT_STALE", 3_100));

        final OutageLedger.Tally tally = ledger.tally(Period.DURING);

        assertThat(tally.sentAfterStop()).isZero();
        assertThat(tally.droppedAfterStop()).isEqualTo(1);
        assertThat(tally.stale()).isEqualTo(1);
        assertThat(tally.untilDecided().maxMs()).isEqualTo(2_000.0);
        assertThat(ledger.complete()).isTrue();
    }

    @Test
    void aRequestWithoutDecisionLeavesTheLedgerIncomplete() {
        final OutageLedger ledger = new OutageLedger();
        ledger.requested("r1", "t:c1", 1_000, Period.BEFORE);
        ledger.decided("not-ours", new Decision(true, "ELIGIBLE", 1_100));

        assertThat(ledger.complete()).isFalse();
        assertThat(ledger.tally(Period.BEFORE).decided()).isZero();
    }
}
