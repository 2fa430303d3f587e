package io.optgate.dispatcher.sender;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the sender knows about one outbound partition it owns: which offsets are still open (read
 * but without a recorded outcome), the offset it may commit, and where in the ledger partition a
 * restart must start reading to find every entry that can still matter.
 * <p>
 * Messages finish out of order (practices take turns, retries wait), so the committable offset is
 * the lowest open one. The ledger restore point is the lowest "ledger floor" of the messages at or
 * after that offset: for a message read by this instance, the ledger's end when it was read (its
 * entries can only come later); for one found in the restored ledger, that entry's offset. It is
 * stored in the committed offset's metadata ({@code ledger=<offset>}), so a restart reads the ledger
 * from there instead of from the beginning. Plain Java; owned by the poll thread.
 */
final class PartitionProgress {

    private static final String METADATA_PREFIX = "ledger=";

    /** Open and finished-but-not-yet-committable offsets, with their ledger floor. */
    private final TreeMap<Long, Slot> slots = new TreeMap<>();
    private long nextOffset;
    private long ledgerEnd;

    /**
     * @param committedOffset the group's committed offset (where reading starts)
     * @param ledgerEnd       the ledger partition's end offset after the restore
     */
    PartitionProgress(final long committedOffset, final long ledgerEnd) {
        this.nextOffset = committedOffset;
        this.ledgerEnd = ledgerEnd;
    }

    /** A message was read at {@code offset}; its ledger entries, if any, are at or after {@code ledgerFloor}. */
    void opened(final long offset, final long ledgerFloor) {
        slots.put(offset, new Slot(false, Math.min(ledgerFloor, ledgerEnd)));
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    /** The message at {@code offset} needs nothing more (an outcome is written, or it was dead-lettered). */
    void finished(final long offset) {
        final Slot slot = slots.get(offset);
        if (slot != null) {
            slots.put(offset, new Slot(true, slot.ledgerFloor()));
        }
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    /** A record at {@code offset} was skipped without a slot (e.g. a transaction marker gap). */
    void skippedTo(final long position) {
        nextOffset = Math.max(nextOffset, position);
    }

    /** A ledger entry was written at {@code offset}. */
    void ledgerWritten(final long offset) {
        ledgerEnd = Math.max(ledgerEnd, offset + 1);
    }

    long ledgerEnd() {
        return ledgerEnd;
    }

    /** The offset to commit: the lowest open one, or past everything read. Prunes finished slots below it. */
    long committable() {
        while (!slots.isEmpty() && slots.firstEntry().getValue().done()) {
            slots.pollFirstEntry();
        }
        return slots.isEmpty() ? nextOffset : slots.firstKey();
    }

    /** {@link #committable()} as it will be once the offsets in {@code finishing} are finished too. */
    long committableWith(final Set<Long> finishing) {
        for (final Map.Entry<Long, Slot> slot : slots.entrySet()) {
            if (!slot.getValue().done() && !finishing.contains(slot.getKey())) {
                return slot.getKey();
            }
        }
        return nextOffset;
    }

    /**
     * The commit metadata as it will be once the offsets in {@code finishing} are finished and the
     * ledger has grown to {@code newLedgerEnd}.
     */
    String metadataWith(final Set<Long> finishing, final long newLedgerEnd) {
        final long from = committableWith(finishing);
        long point = Math.max(ledgerEnd, newLedgerEnd);
        for (final Map.Entry<Long, Slot> slot : slots.tailMap(from, true).entrySet()) {
            point = Math.min(point, slot.getValue().ledgerFloor());
        }
        return METADATA_PREFIX + point;
    }

    /** Where a restart must start reading the ledger. */
    long ledgerRestorePoint() {
        final long from = committable();
        long point = ledgerEnd;
        for (final Map.Entry<Long, Slot> slot : slots.tailMap(from, true).entrySet()) {
            point = Math.min(point, slot.getValue().ledgerFloor());
        }
        return point;
    }

    /** Offsets held: open ones and finished ones not yet pruned by {@link #committable()}. */
    int tracked() {
        return slots.size();
    }

    /** Offsets read and not yet finished. */
    int open() {
        return (int) slots.values().stream().filter(slot -> !slot.done()).count();
    }

    /** The commit metadata carrying the ledger restore point. */
    String metadata() {
        return METADATA_PREFIX + ledgerRestorePoint();
    }

    /** The ledger restore point stored in commit metadata; empty when absent or unreadable. */
    static OptionalLong restorePointOf(final String metadata) {
        if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(METADATA_PREFIX.length())));
        } catch (final NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private record Slot(boolean done, long ledgerFloor) {
    }
}
