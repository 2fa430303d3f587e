package io.optgate.dispatcher.sender;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The sender's memory of the hand-over ledger, per outbound partition it owns: the latest state of
 * each text whose entry it restored (from the restore point stored in the committed offset's
 * metadata) or wrote itself. Owned by the poll thread.
 */
final class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    private final String topic;
    private final Map<TopicPartition, Map<String, View>> views = new HashMap<>();

    /**
     * The latest ledger state of a text.
     *
     * @param state        how far it got
     * @param attempt      the attempt the state is about
     * @param firstOffset  where its first entry since the restore point is in the ledger partition
     * @param sourceOffset the text's offset in its outbound partition
     * @param mine         this instance wrote it (rather than restoring it from a previous owner)
     */
    record View(LedgerEntry.State state, int attempt, long firstOffset, long sourceOffset, boolean mine) {
    }

    /** What a restore found. */
    record Restored(Map<TopicPartition, Long> ledgerEnds, int entriesRead, Map<TopicPartition, Long> unsettled) {
    }

    /** @param topic the ledger topic */
    Ledger(final String topic) {
        this.topic = topic;
    }

    /**
     * The latest state of a text on its partition. An entry written before the ledger key carried
     * the practice (key: the requestId alone) still counts for a text with that requestId: after
     * an upgrade such a text is never handed over twice, at the price of treating another
     * practice's text with the same requestId in the same partition as handled (fail closed).
     */
    Optional<View> get(final Pending text) {
        final Map<String, View> partition = views.get(text.tp());
        if (partition == null) {
            return Optional.empty();
        }
        final View current = partition.get(text.key());
        return current != null ? Optional.of(current) : Optional.ofNullable(partition.get(TextKey.legacyOf(text.request())));
    }

    /** The ledger partition of an outbound partition. */
    TopicPartition ledgerPartitionOf(final TopicPartition outbound) {
        return new TopicPartition(topic, outbound.partition());
    }

    /** Whether a record goes to the ledger. */
    boolean isLedger(final String recordTopic) {
        return topic.equals(recordTopic);
    }

    /** Remembers an entry this instance wrote and committed at {@code offset}. */
    void applyCommitted(final TopicPartition tp, final LedgerEntry entry, final long offset) {
        final Map<String, View> partition = views.get(tp);
        if (partition != null) {
            merge(partition, entry.key(), new View(entry.state(), entry.attempt(), offset, entry.sourceOffset(), true));
        }
    }

    /**
     * Reads the ledger of newly assigned partitions from their restore points and keeps what it
     * finds.
     *
     * @param reader    a consumer without a group, used only here
     * @param committed the group's committed offsets of the partitions, whose metadata holds the restore points
     */
    Restored restore(final KafkaConsumer<byte[], byte[]> reader, final Collection<TopicPartition> partitions,
                     final Map<TopicPartition, OffsetAndMetadata> committed) {
        final Map<TopicPartition, TopicPartition> outboundOf = new HashMap<>();
        for (final TopicPartition tp : partitions) {
            outboundOf.put(ledgerPartitionOf(tp), tp);
        }
        reader.assign(outboundOf.keySet());
        for (final Map.Entry<TopicPartition, TopicPartition> entry : outboundOf.entrySet()) {
            final OffsetAndMetadata offset = committed.get(entry.getValue());
            final OptionalLong from = offset == null
                    ? OptionalLong.empty() : PartitionProgress.restorePointOf(offset.metadata());
            if (from.isPresent()) {
                reader.seek(entry.getKey(), from.getAsLong());
            } else {
                reader.seekToBeginning(List.of(entry.getKey()));
            }
        }
        final Map<TopicPartition, Long> ends = reader.endOffsets(outboundOf.keySet());
        final Map<TopicPartition, Map<String, View>> found = new HashMap<>();
        outboundOf.values().forEach(tp -> found.put(tp, new HashMap<>()));
        int read = 0;
        while (outboundOf.keySet().stream().anyMatch(l -> reader.position(l) < ends.get(l))) {
            for (final ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_WAIT)) {
                if (record.value() == null) {
                    continue;
                }
                final LedgerEntry entry;
                try {
                    entry = LedgerEntry.fromBytes(record.value());
                } catch (final RuntimeException e) {
                    LOG.warn("unreadable ledger entry {}-{}@{} skipped", record.topic(), record.partition(), record.offset());
                    continue;
                }
                final TopicPartition tp = outboundOf.get(new TopicPartition(record.topic(), record.partition()));
                merge(found.get(tp), entry.key(),
                        new View(entry.state(), entry.attempt(), record.offset(), entry.sourceOffset(), false));
                read++;
            }
        }
        reader.unsubscribe();
        final Map<TopicPartition, Long> ledgerEnds = new HashMap<>();
        final Map<TopicPartition, Long> unsettled = new HashMap<>();
        for (final TopicPartition tp : partitions) {
            views.put(tp, found.get(tp));
            ledgerEnds.put(tp, ends.get(ledgerPartitionOf(tp)));
            unsettled.put(tp, found.get(tp).values().stream()
                    .filter(v -> v.state() == LedgerEntry.State.HANDED_OVER).count());
        }
        return new Restored(ledgerEnds, read, unsettled);
    }

    /** Forgets what it knows about partitions no longer owned. */
    void forget(final Collection<TopicPartition> partitions) {
        final Set<TopicPartition> gone = new HashSet<>(partitions);
        gone.forEach(views::remove);
    }

    /**
     * Drops the views of settled texts whose outbound offset is below {@code committedOffset}: that
     * offset is committed, so they are never read again by this owner, and a later owner restores
     * from a point past them.
     */
    void pruneBelow(final TopicPartition tp, final long committedOffset) {
        final Map<String, View> partition = views.get(tp);
        if (partition != null) {
            partition.values().removeIf(v -> v.sourceOffset() < committedOffset && v.state() != LedgerEntry.State.RELEASED);
        }
    }

    /** How many text views are held, over every partition. */
    int size() {
        int total = 0;
        for (final Map<String, View> partition : views.values()) {
            total += partition.size();
        }
        return total;
    }

    private static void merge(final Map<String, View> partition, final String key, final View fresh) {
        partition.merge(key, fresh, (old, latest) ->
                new View(latest.state(), latest.attempt(), old.firstOffset(), latest.sourceOffset(), latest.mine()));
    }
}
