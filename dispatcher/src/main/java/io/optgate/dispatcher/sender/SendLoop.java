package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.dispatcher.sender.OutboundDecoder.Decoded;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The sender's poll thread: each {@link #round()} reads new texts, picks up finished hand-overs,
 * picks the texts to hand over (asking the {@link HandOverPolicy}, with the send-time check against
 * the {@link ConsentTail} caught up first), commits one transaction and only then starts the
 * hand-overs. Everything here is owned by that one thread; {@link SmsSender} runs it.
 */
final class SendLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SendLoop.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(100);
    /** While hand-overs are in flight, new records are read at least this often (their answers wake the loop at once). */
    private static final Duration COMPLETION_POLL_WAIT = Duration.ofMillis(10);
    /** While a round waits for consent-streams, how often it asks again (the probe steps every 20 ms). */
    private static final Duration CONSENT_POLL_WAIT = Duration.ofMillis(5);
    private static final Duration COMMIT_RETRY_WAIT = Duration.ofMillis(500);

    private final SenderTopics topics;
    private final SenderSettings settings;
    private final SenderClients clients;
    private final MessageGateway gateway;
    private final PracticeDirectory practices;
    private final SenderMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final BooleanSupplier crashedFlag;
    private final OutboundDecoder decoder;
    private final OutcomeRecords records;
    private final ResultSettlement settlement;
    private final HandOvers handOvers;
    private final Ledger ledger;
    private final SenderTransactions transactions;
    private final ConsentApplied applied;

    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaConsumer<byte[], byte[]> ledgerReader;
    private ConsentTail consent;
    private final OwnedPartitions owned = new OwnedPartitions();
    private final FairQueue<Pending> queue = new FairQueue<>();
    private final PriorityQueue<Scheduled> retries = new PriorityQueue<>(Comparator.comparing(Scheduled::dueAt));
    private final List<Write> pendingWrites = new ArrayList<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final PracticePauses pauses = new PracticePauses();
    private volatile int peakTracked;
    private HandOverPicker picker;
    private Pacer pacer;
    private int outboundPartitions;
    private Instant commitNotBefore = Instant.EPOCH;

    SendLoop(final SenderTopics topics, final SenderSettings settings, final SenderClients clients,
             final MessageGateway gateway, final PracticeDirectory practices, final SenderMetrics metrics,
             final Clock clock, final HandOvers handOvers, final BooleanSupplier stopping,
             final BooleanSupplier crashed, final ConsentApplied applied) {
        this.topics = topics;
        this.settings = settings;
        this.clients = clients;
        this.gateway = gateway;
        this.practices = practices;
        this.metrics = metrics;
        this.clock = clock;
        this.handOvers = handOvers;
        this.stopping = stopping;
        this.crashedFlag = crashed;
        this.applied = applied;
        this.decoder = new OutboundDecoder(topics.outbound().valueSerde().deserializer());
        this.records = new OutcomeRecords(topics, gateway.provider(), settings.appName());
        this.settlement = new ResultSettlement(records, settings.retryPolicy(), metrics, gateway.provider());
        this.ledger = new Ledger(topics.ledger());
        this.transactions = new SenderTransactions(clients::producer);
    }

    /** Interrupts a poll in progress (from another thread). */
    void wakeup() {
        final KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Finishes what is in flight (bounded by the drain timeout) and commits it. */
    void drainAll() {
        drain(owned.all(), settings.drainTimeout());
    }

    /**
     * The most outbound offsets and ledger views held at once so far: what memory the sender tracks
     * grows with the texts open, not with every text ever sent. Readable from any thread.
     */
    int peakTracked() {
        return peakTracked;
    }

    private boolean stopping() {
        return stopping.getAsBoolean();
    }

    private boolean crashed() {
        return crashedFlag.getAsBoolean();
    }

    /** Makes the clients and subscribes. */
    void open() {
        pacer = new Pacer(0, clock.instant());
        transactions.open();
        ledgerReader = clients.ledgerReader();
        consent = new ConsentTail(clients.consentReader(), topics, clock, applied);
        picker = new HandOverPicker(queue, ledger, consent, practices, handOvers, settlement, gateway.paced(),
                settings.maxConcurrency(), clock, applied);
        consumer = clients.outboundConsumer();
        outboundPartitions = consumer.partitionsFor(topics.outbound().name()).size();
        consumer.subscribe(List.of(topics.outbound().name()), new Rebalances());
    }

    /** One round of the poll loop. */
    void round() {
        // While hand-overs are in flight, the wait is for their answers (which wake it), not for records.
        final Duration wait = pollWait(clock.instant());
        final boolean answersDue = handOvers.inFlight() > 0;
        final ConsumerRecords<byte[], byte[]> polled = consumer.poll(answersDue ? Duration.ZERO : wait);
        for (final TopicPartition tp : polled.partitions()) {
            read(tp, polled.records(tp));
        }
        completed(answersDue && polled.isEmpty() ? wait : Duration.ZERO);
        handOvers.rethrowFatal();
        dueRetries(clock.instant());
        final List<Pending> picked = stopping() ? List.of()
                : picker.pick(clock.instant(), pacer, pauses, pendingWrites::add, owned);
        if (commit(picked)) {
            final Instant committedAt = clock.instant();
            picked.forEach(p -> handOvers.start(p, committedAt));
        } else {
            putBack(picked);
        }
        flowControl();
        peakTracked = Math.max(peakTracked, owned.tracked() + ledger.size());
    }

    private Duration pollWait(final Instant now) {
        Duration wait = handOvers.inFlight() > 0 ? COMPLETION_POLL_WAIT : MAX_POLL_WAIT;
        if (picker.waitingForConsentStreams() && !queue.isEmpty()) {
            wait = CONSENT_POLL_WAIT;
        }
        if (!queue.isEmpty() && gateway.paced() && handOvers.inFlight() < settings.maxConcurrency()) {
            final Duration untilPermit = pacer.waitTime(now);
            if (untilPermit != null && untilPermit.minus(HandOverPicker.PACING_HORIZON).compareTo(wait) < 0) {
                wait = untilPermit.compareTo(HandOverPicker.PACING_HORIZON) <= 0 ? Duration.ZERO
                        : untilPermit.minus(HandOverPicker.PACING_HORIZON);
            }
        }
        if (!retries.isEmpty()) {
            final Duration untilRetry = Duration.between(now, retries.peek().dueAt());
            if (untilRetry.compareTo(wait) < 0) {
                wait = untilRetry.isNegative() ? Duration.ZERO : untilRetry;
            }
        }
        return wait;
    }

    /** Decodes newly read records into the practices' queues; unreadable ones become dead letters. */
    private void read(final TopicPartition tp, final List<ConsumerRecord<byte[], byte[]>> polled) {
        final PartitionProgress partition = owned.of(tp);
        if (partition == null) {
            return;
        }
        for (final ConsumerRecord<byte[], byte[]> record : polled) {
            final Decoded decoded = decoder.decode(record);
            if (decoded instanceof Decoded.NotNow notNow) {
                LOG.warn("cannot read {}@{} now (retrying): {}", tp, record.offset(), notNow.reason());
                consumer.seek(tp, record.offset());
                return;
            } else if (decoded instanceof Decoded.DeadLetter deadLetter) {
                partition.opened(record.offset(), partition.ledgerEnd());
                pendingWrites.add(records.deadLetter(tp, record, deadLetter.cause()));
                metrics.outcome("dead_lettered");
            } else if (decoded instanceof Decoded.Tombstone) {
                partition.opened(record.offset(), partition.ledgerEnd());
                partition.finished(record.offset());
            } else if (decoded instanceof Decoded.Text text) {
                final Pending pending = Pending.read(tp, record.offset(), text.request());
                final Optional<Ledger.View> seen = ledger.get(pending);
                partition.opened(record.offset(), seen.map(Ledger.View::firstOffset).orElse(partition.ledgerEnd()));
                queue.addLast(text.request().getTenantId(), pending);
            }
        }
        partition.skippedTo(consumer.position(tp));
    }

    /** Turns finished hand-overs into writes; with {@code wait}, blocks briefly for the next one. */
    private void completed(final boolean wait) {
        completed(wait ? Duration.ofMillis(50) : Duration.ZERO);
    }

    /** Likewise, waiting up to {@code wait} for the first when none has come back. */
    private void completed(final Duration wait) {
        final Instant now = clock.instant();
        for (final HandOvers.Completion completion : handOvers.finished(wait)) {
            final Pending p = completion.pending();
            if (!owned.owns(p.tp())) {
                LOG.warn("requestId={} finished after its partition moved; its new owner records it {}",
                        p.request().getRequestId(), SmsSender.UNCONFIRMED);
                continue;
            }
            pendingWrites.add(settlement.settle(p, completion.result(), pauses, now));
        }
    }

    private void dueRetries(final Instant now) {
        while (!retries.isEmpty() && !retries.peek().dueAt().isAfter(now)) {
            final Pending due = retries.poll().pending();
            if (owned.owns(due.tp())) {
                queue.addFirst(due.request().getTenantId(), due);
            }
        }
    }

    private void putBack(final List<Pending> picked) {
        for (int i = picked.size() - 1; i >= 0; i--) {
            final Pending p = picked.get(i);
            queue.addFirst(p.request().getTenantId(), p);
        }
    }

    /**
     * Commits, in one transaction, the ledger's HANDED_OVER for {@code picked}, every pending
     * write, and the offsets they allow. True when it committed (the hand-overs may proceed).
     */
    private boolean commit(final List<Pending> picked) {
        if (crashed()) {
            return false;
        }
        final Instant now = clock.instant();
        final List<Write> writes = new ArrayList<>(pendingWrites);
        picked.forEach(p -> writes.add(records.handedOver(p, now)));
        final OwnedPartitions.Plan plan = owned.plan(writes);
        if (plan.isEmpty() || now.isBefore(commitNotBefore)) {
            return writes.isEmpty() && picked.isEmpty();
        }
        final Optional<SenderTransactions.Committed> done = transactions.commit(writes, plan::offsets,
                consumer.groupMetadata(), ledger::isLedger);
        if (done.isEmpty()) {
            commitNotBefore = clock.instant().plus(COMMIT_RETRY_WAIT);
            return false;
        }
        pendingWrites.clear();
        for (int i = 0; i < writes.size(); i++) {
            applyCommitted(writes.get(i), done.get().written().get(i));
        }
        owned.committed(done.get().offsets());
        done.get().offsets().forEach((tp, offset) -> ledger.pruneBelow(tp, offset.offset()));
        return true;
    }

    private void applyCommitted(final Write write, final List<RecordMetadata> written) {
        for (int i = 0; i < write.records().size(); i++) {
            if (ledger.isLedger(write.records().get(i).topic())) {
                owned.of(write.tp()).ledgerWritten(written.get(i).offset());
                ledger.applyCommitted(write.tp(), LedgerEntry.fromBytes(write.records().get(i).value()),
                        written.get(i).offset());
            }
        }
        if (write.finishes()) {
            owned.of(write.tp()).finished(write.offset());
        }
        if (write.retry() != null) {
            retries.add(write.retry());
        }
    }

    /** Pauses reading while enough texts wait; resumes when the queue has room again. */
    private void flowControl() {
        final int waiting = queue.size() + retries.size();
        if (waiting >= settings.maxQueued() && paused.isEmpty()) {
            paused.addAll(consumer.assignment());
            consumer.pause(paused);
        } else if (waiting < settings.maxQueued() / 2 && !paused.isEmpty()) {
            consumer.resume(paused);
            paused.clear();
        }
    }

    /** Waits (bounded) for the hand-overs in flight on {@code partitions} and commits their outcomes. */
    private void drain(final Collection<TopicPartition> partitions, final Duration timeout) {
        final Instant deadline = clock.instant().plus(timeout);
        while (partitions.stream().anyMatch(tp -> handOvers.inFlight(tp) > 0)
                && clock.instant().isBefore(deadline) && !crashed()) {
            completed(true);
        }
        completed(false);
        for (int attempt = 0; attempt < 3 && !crashed(); attempt++) {
            commitNotBefore = Instant.EPOCH;
            if (commit(List.of())) {
                return;
            }
        }
    }

    private void forget(final Collection<TopicPartition> partitions) {
        final Set<TopicPartition> gone = new HashSet<>(partitions);
        queue.removeIf(p -> gone.contains(p.tp()));
        retries.removeIf(s -> gone.contains(s.pending().tp()));
        pendingWrites.removeIf(w -> gone.contains(w.tp()));
        ledger.forget(gone);
        owned.forget(gone);
        paused.removeAll(gone);
        updateRate();
    }

    private void updateRate() {
        final double share = outboundPartitions == 0 ? 0 : (double) owned.count() / outboundPartitions;
        pacer.setRate(settings.maxMps() * share);
        metrics.rate(pacer.rate());
    }

    /** Restores the ledger of newly assigned partitions and starts tracking them. */
    private void restore(final Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(new HashSet<>(partitions));
        final Ledger.Restored restored = ledger.restore(ledgerReader, partitions, offsets);
        for (final TopicPartition tp : partitions) {
            final OffsetAndMetadata offset = offsets.get(tp);
            final long position = offset != null ? offset.offset() : consumer.position(tp);
            owned.assigned(tp, position, restored.ledgerEnds().get(tp));
            final long unsettled = restored.unsettled().getOrDefault(tp, 0L);
            if (unsettled > 0) {
                LOG.warn("{}: {} text(s) were handed over by a previous owner without a recorded outcome; "
                        + "they will be recorded FAILED {} when read", tp, unsettled, SmsSender.UNCONFIRMED);
                metrics.unsettledOnRestore(unsettled);
            }
        }
        updateRate();
        LOG.info("assigned {}: {} ledger entries restored", partitions, restored.entriesRead());
    }

    /** Closes every client; after a crash without waiting. */
    void closeClients() {
        try {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(crashed() ? Duration.ZERO : Duration.ofSeconds(5)));
            }
        } catch (final RuntimeException e) {
            LOG.debug("consumer close: {}", e.toString());
        }
        try {
            transactions.close(crashed());
        } catch (final RuntimeException e) {
            LOG.debug("producer close: {}", e.toString());
        }
        for (final AutoCloseable reader : new AutoCloseable[] {consent, ledgerReader == null ? null
                : () -> ledgerReader.close(CloseOptions.timeout(Duration.ZERO))}) {
            try {
                if (reader != null) {
                    reader.close();
                }
            } catch (final Exception e) {
                LOG.debug("reader close: {}", e.toString());
            }
        }
    }

    /** Partition assignment changes, run on the poll thread inside {@code poll()}. */
    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            if (crashed() || partitions.isEmpty()) {
                return;
            }
            final Set<TopicPartition> revoked = new HashSet<>(partitions);
            queue.removeIf(p -> revoked.contains(p.tp()));
            retries.removeIf(s -> revoked.contains(s.pending().tp()));
            drain(revoked, settings.drainTimeout());
            forget(revoked);
            LOG.info("revoked {}", partitions);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            if (crashed()) {
                return;
            }
            LOG.warn("lost {} without a clean handover; their texts in flight are recorded {} by the next owner",
                    partitions, SmsSender.UNCONFIRMED);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            if (crashed()) {
                return;
            }
            restore(partitions);
        }
    }
}
