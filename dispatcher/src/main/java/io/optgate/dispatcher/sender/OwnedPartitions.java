package io.optgate.dispatcher.sender;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbound partitions this instance owns: each one's {@link PartitionProgress} and the offset
 * last committed for it, and what the next commit's offsets are. Owned by the poll thread.
 */
final class OwnedPartitions {

    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** Starts tracking a partition read from {@code position}, its ledger partition ending at {@code ledgerEnd}. */
    void assigned(final TopicPartition tp, final long position, final long ledgerEnd) {
        progress.put(tp, new PartitionProgress(position, ledgerEnd));
        committed.put(tp, position);
    }

    void forget(final Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            progress.remove(tp);
            committed.remove(tp);
        });
    }

    boolean owns(final TopicPartition tp) {
        return progress.containsKey(tp);
    }

    /** The progress of an owned partition; null when not owned. */
    PartitionProgress of(final TopicPartition tp) {
        return progress.get(tp);
    }

    Set<TopicPartition> all() {
        return progress.keySet();
    }

    int count() {
        return progress.size();
    }

    /** Offsets held in memory (open, or finished and not yet committed past), over every partition. */
    int tracked() {
        int total = 0;
        for (final PartitionProgress p : progress.values()) {
            total += p.tracked();
        }
        return total;
    }

    /** What a commit of {@code writes} covers: the partitions it writes to or whose offset it moves. */
    Plan plan(final List<Write> writes) {
        final Map<TopicPartition, Set<Long>> finishing = new HashMap<>();
        final Set<TopicPartition> touched = new HashSet<>();
        for (final Write write : writes) {
            touched.add(write.tp());
            if (write.finishes()) {
                finishing.computeIfAbsent(write.tp(), k -> new HashSet<>()).add(write.offset());
            }
        }
        for (final Map.Entry<TopicPartition, PartitionProgress> entry : progress.entrySet()) {
            final long committable = entry.getValue().committableWith(finishing.getOrDefault(entry.getKey(), Set.of()));
            if (committable > committed.getOrDefault(entry.getKey(), -1L)) {
                touched.add(entry.getKey());
            }
        }
        touched.retainAll(progress.keySet());
        return new Plan(touched, finishing);
    }

    /** The partitions a commit covers, and the offsets it finishes in each. */
    final class Plan {
        private final Set<TopicPartition> touched;
        private final Map<TopicPartition, Set<Long>> finishing;

        private Plan(final Set<TopicPartition> touched, final Map<TopicPartition, Set<Long>> finishing) {
            this.touched = touched;
            this.finishing = finishing;
        }

        boolean isEmpty() {
            return touched.isEmpty();
        }

        /** The offsets (with the ledger restore point as metadata) once the writes reached {@code ledgerEnds}. */
        Map<TopicPartition, OffsetAndMetadata> offsets(final Map<TopicPartition, Long> ledgerEnds) {
            final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (final TopicPartition tp : touched) {
                final PartitionProgress partition = progress.get(tp);
                final Set<Long> finishingHere = finishing.getOrDefault(tp, Set.of());
                offsets.put(tp, new OffsetAndMetadata(partition.committableWith(finishingHere),
                        partition.metadataWith(finishingHere, ledgerEnds.getOrDefault(tp, partition.ledgerEnd()))));
            }
            return offsets;
        }
    }

    /** The offsets of a commit that returned; what they cover is forgotten, so memory follows the open texts. */
    void committed(final Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> {
            committed.put(tp, offset.offset());
            final PartitionProgress partition = progress.get(tp);
            if (partition != null) {
                partition.committable();
            }
        });
    }
}
