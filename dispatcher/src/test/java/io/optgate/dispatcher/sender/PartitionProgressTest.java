package io.optgate.dispatcher.sender;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProgressTest {

    @Test
    void nothingReadMeansTheCommittedOffsetStands() {
        final PartitionProgress p = new PartitionProgress(40, 7);

        assertThat(p.committable()).isEqualTo(40);
        assertThat(p.ledgerRestorePoint()).isEqualTo(7);
        assertThat(p.metadata()).isEqualTo("ledger=7");
    }

    @Test
    void theCommittableOffsetIsTheLowestTextStillOpen() {
        final PartitionProgress p = new PartitionProgress(0, 0);
        p.opened(0, 0);
        p.opened(1, 0);
        p.opened(2, 0);

        p.finished(1);
        p.finished(2);
        assertThat(p.committable()).isEqualTo(0);

        p.finished(0);
        assertThat(p.committable()).isEqualTo(3);
        assertThat(p.open()).isZero();
    }

    @Test
    void aWhatIfViewDoesNotChangeAnything() {
        final PartitionProgress p = new PartitionProgress(10, 0);
        p.opened(10, 0);
        p.opened(11, 0);

        assertThat(p.committableWith(Set.of(10L))).isEqualTo(11);
        assertThat(p.committableWith(Set.of(10L, 11L))).isEqualTo(12);
        assertThat(p.committable()).isEqualTo(10);
    }

    @Test
    void theLedgerRestorePointIsTheOldestFloorOfTextsNotYetCommitted() {
        final PartitionProgress p = new PartitionProgress(0, 100);
        p.opened(0, 100);
        p.ledgerWritten(100);
        p.ledgerWritten(101);
        p.opened(1, 102);
        p.opened(2, 102);

        assertThat(p.ledgerRestorePoint()).isEqualTo(100);
        p.finished(0);
        p.ledgerWritten(102);
        assertThat(p.ledgerRestorePoint()).isEqualTo(102);
        p.finished(1);
        p.finished(2);
        assertThat(p.ledgerRestorePoint()).isEqualTo(103);
    }

    @Test
    void aTextFinishedOutOfOrderKeepsItsLedgerEntriesReachable() {
        final PartitionProgress p = new PartitionProgress(0, 50);
        p.opened(0, 50);
        p.ledgerWritten(50);
        p.opened(1, 51);
        p.ledgerWritten(51);
        p.finished(1);

        assertThat(p.committable()).isEqualTo(0);
        assertThat(p.ledgerRestorePoint()).isEqualTo(50);
        assertThat(p.metadataWith(Set.of(0L), 60)).isEqualTo("ledger=60");
    }

    @Test
    void aFloorFromARestoredEntryIsKept() {
        final PartitionProgress p = new PartitionProgress(5, 30);
        p.opened(5, 12);

        assertThat(p.ledgerRestorePoint()).isEqualTo(12);
    }

    @Test
    void readingPastTransactionMarkersMovesTheCommittableOffset() {
        final PartitionProgress p = new PartitionProgress(0, 0);
        p.opened(0, 0);
        p.finished(0);
        p.skippedTo(2);

        assertThat(p.committable()).isEqualTo(2);
    }

    @Test
    void theRestorePointIsReadBackFromCommitMetadata() {
        assertThat(PartitionProgress.restorePointOf("ledger=42")).hasValue(42);
        assertThat(PartitionProgress.restorePointOf("")).isEmpty();
        assertThat(PartitionProgress.restorePointOf(null)).isEmpty();
        assertThat(PartitionProgress.restorePointOf("ledger=x")).isEmpty();
    }
}
