package io.optgate.dispatcher.sender;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sender's transaction protocol: a batch of writes and the consumer offsets they allow, in one
 * Kafka transaction of one transactional producer, so that the group generation fences a zombie
 * whose partitions moved. A failure that the transaction can recover from aborts it (the caller
 * retries later); one it cannot (fenced, unauthorised) is thrown. A transaction whose abort fails
 * has an unknown fate; a new producer with the same transactional.id finishes or aborts it, and no
 * text was handed over either way, since hand-overs start only after a commit that returned.
 */
final class SenderTransactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SenderTransactions.class);

    private final Supplier<KafkaProducer<byte[], byte[]>> newProducer;
    private KafkaProducer<byte[], byte[]> producer;

    /** What a committed transaction wrote: per write, the metadata of each of its records. */
    record Committed(List<List<RecordMetadata>> written, Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    SenderTransactions(final Supplier<KafkaProducer<byte[], byte[]>> newProducer) {
        this.newProducer = newProducer;
    }

    /** Makes the producer and fences earlier ones with the same transactional.id. */
    void open() {
        producer = newProducer.get();
        producer.initTransactions();
    }

    /**
     * Writes {@code writes} and the offsets {@code offsetsFor} computes from the ledger ends the
     * writes reached (per outbound partition), in one transaction.
     *
     * @param isLedger which records are ledger entries
     * @return what was committed; empty when the transaction was aborted
     * @throws IllegalStateException when transactions cannot continue (fenced, not authorised)
     */
    Optional<Committed> commit(final List<Write> writes,
                               final Function<Map<TopicPartition, Long>, Map<TopicPartition, OffsetAndMetadata>> offsetsFor,
                               final ConsumerGroupMetadata group, final Function<String, Boolean> isLedger) {
        try {
            producer.beginTransaction();
            final List<List<Future<RecordMetadata>>> sent = new ArrayList<>();
            for (final Write write : writes) {
                final List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (final ProducerRecord<byte[], byte[]> record : write.records()) {
                    futures.add(producer.send(record));
                }
                sent.add(futures);
            }
            producer.flush();
            final Map<TopicPartition, Long> ledgerEnds = new HashMap<>();
            final List<List<RecordMetadata>> written = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                final List<RecordMetadata> metadata = new ArrayList<>();
                for (final Future<RecordMetadata> future : sent.get(i)) {
                    final RecordMetadata m = future.get();
                    metadata.add(m);
                    if (isLedger.apply(m.topic())) {
                        ledgerEnds.merge(writes.get(i).tp(), m.offset() + 1, Math::max);
                    }
                }
                written.add(metadata);
            }
            final Map<TopicPartition, OffsetAndMetadata> offsets = offsetsFor.apply(ledgerEnds);
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
            return Optional.of(new Committed(written, offsets));
        } catch (final ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                       | UnsupportedVersionException | FencedInstanceIdException e) {
            throw new IllegalStateException("the sender's transactions cannot continue", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(e);
            return Optional.empty();
        } catch (final KafkaException | ExecutionException e) {
            abort(e);
            return Optional.empty();
        }
    }

    private void abort(final Exception cause) {
        LOG.warn("commit failed, will retry: {}", cause.toString());
        try {
            producer.abortTransaction();
        } catch (final KafkaException e) {
            LOG.warn("transaction could not be aborted ({}); starting a new producer", e.toString());
            producer.close(Duration.ZERO);
            open();
        }
    }

    /** Closes the producer; {@code now} leaves a pending transaction to the next instance. */
    void close(final boolean now) {
        if (producer != null) {
            producer.close(now ? Duration.ZERO : Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
