package io.optgate.dispatcher.sender;

import io.optgate.platform.contract.Identifiers;
import io.micrometer.core.instrument.MeterRegistry;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.platform.dlq.DeadLetterCause;
import io.optgate.platform.dlq.DeadLetters;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Sends the texts on {@code dispatch.outbound.sms} through a {@link MessageGateway}, paced, fair
 * across practices, retried with backoff, and never handed over twice.
 *
 * <h2>How "never twice" holds</h2>
 * One poll thread owns a {@code read_committed} consumer and one transactional producer. Each round
 * it picks the texts to hand over and writes, in one Kafka transaction that also carries the
 * consumer offsets (so a zombie instance whose partitions moved is fenced by the group generation),
 * a {@link LedgerEntry.State#HANDED_OVER} ledger entry per text; only after that transaction commits
 * does a worker give the text to the provider. Outcomes (a DeliveryEvent, the ledger's
 * {@link LedgerEntry.State#DONE}, a carrier opt-out) and the offsets they allow are committed together
 * in a later transaction. After a crash or a rebalance the new owner first reads its committed
 * offsets (which waits for any pending transaction of the old owner), then the ledger from the
 * restore point stored in the offset metadata; a text found HANDED_OVER without an outcome is not
 * given again but recorded FAILED {@code OPTGATE_UNCONFIRMED}: the design prefers losing that one
 * text to sending it twice (see docs/twilio.md).
 *
 * <h2>Pacing and fairness</h2>
 * Texts wait in one queue per practice, served round-robin ({@link FairQueue}); a hand-over needs a
 * permit from the {@link Pacer}, whose rate is {@code maxMps} times the share of the outbound
 * partitions this instance owns; at most {@code maxConcurrency} hand-overs are in flight; a 429
 * pauses every hand-over for Retry-After. A text whose {@code expiresAt} passes while it waits is
 * not sent (FAILED {@code OPTGATE_EXPIRED}). Unreadable records go to {@code <topic>.dlq}.
 */
public final class SmsSender implements AutoCloseable {

    /** errorCode of a text whose expiresAt passed before it could be handed over. */
    public static final String EXPIRED = "OPTGATE_EXPIRED";
    /** errorCode of a text that was handed over but whose outcome is unknown. */
    public static final String UNCONFIRMED = "OPTGATE_UNCONFIRMED";

    private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(100);
    /** While hand-overs are in flight, their results are picked up at least this often. */
    private static final Duration COMPLETION_POLL_WAIT = Duration.ofMillis(10);
    private static final Duration COMMIT_RETRY_WAIT = Duration.ofMillis(500);
    private static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(1);

    private final SenderSettings settings;
    private final Map<String, Object> kafkaConfig;
    private final Deserializer<MessageRequest> requestReader;
    private final Serializer<DeliveryEvent> deliveryWriter;
    private final Serializer<PhoneConsentEvent> phoneEventWriter;
    private final MessageGateway gateway;
    private final PracticeDirectory practices;
    private final SenderMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final ExecutorService workers;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** Lifecycle of the sender. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Reading and sending. */
        RUNNING,
        /** Finishing what is in flight, then stopping. */
        STOPPING,
        /** Stopped, cleanly or by a crash. */
        STOPPED,
        /** Stopped by an error it cannot recover from; see {@link #failure()}. */
        FAILED
    }

    /**
     * @param settings      topics, rates and limits
     * @param kafkaConfig   client settings shared by every client it makes (bootstrap.servers, security);
     *                      the settings "never twice" depends on are forced
     * @param requestSerde  reads the outbound MessageRequests
     * @param deliverySerde writes DeliveryEvents
     * @param phoneEventSerde writes carrier opt-outs
     * @param gateway       the provider
     * @param practices     each practice's sending number
     * @param meters        where the counts go ({@code optgate.twilio.sender.*})
     * @param clock         for expiry, pacing and event times
     */
    public SmsSender(final SenderSettings settings, final Map<String, Object> kafkaConfig,
                     final Serde<MessageRequest> requestSerde, final Serde<DeliveryEvent> deliverySerde,
                     final Serde<PhoneConsentEvent> phoneEventSerde, final MessageGateway gateway,
                     final PracticeDirectory practices, final MeterRegistry meters, final Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.requestReader = requestSerde.deserializer();
        this.deliveryWriter = deliverySerde.serializer();
        this.phoneEventWriter = phoneEventSerde.serializer();
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.practices = Objects.requireNonNull(practices, "practices");
        this.metrics = new SenderMetrics(meters);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = RandomGenerator.getDefault();
        final AtomicInteger workerNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.maxConcurrency(), runnable -> {
            final Thread worker = new Thread(runnable, "twilio-sender-worker-" + workerNumber.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
    }

    /** Starts the poll thread. */
    public synchronized void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "twilio-sender");
        thread.start();
        LOG.info("SMS sender started: group={} provider={} maxMps={} maxConcurrency={}",
                settings.groupId(), gateway.provider(), settings.maxMps(), settings.maxConcurrency());
    }

    /** The current lifecycle state. */
    public State state() {
        return state.get();
    }

    /** Why the sender stopped by itself, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Stops gracefully: no new hand-overs, the ones in flight finish (up to the drain timeout),
     * their outcomes and offsets are committed, then the clients close. Idempotent.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * Stops as a crash would: nothing more is committed, the provider connections are cut, pending
     * transactions are left to be aborted by the next instance. For tests of the recovery path.
     */
    void crash() {
        stop(true);
    }

    private void stop(final boolean crash) {
        final Thread running;
        synchronized (this) {
            if (state.get() == State.NEW) {
                state.set(State.STOPPED);
                workers.shutdownNow();
                gateway.close();
                return;
            }
            running = thread;
            if (crash) {
                crashed = true;
            }
            state.compareAndSet(State.RUNNING, State.STOPPING);
        }
        final KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (crash) {
            workers.shutdownNow();
            gateway.close();
        }
        try {
            running.join(settings.drainTimeout().plusSeconds(30).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private volatile boolean crashed;

    private boolean stopping() {
        return state.get() != State.RUNNING;
    }

    // ------------------------------------------------------------------------------------------
    // The poll thread
    // ------------------------------------------------------------------------------------------

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> ledgerReader;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Map<String, LedgerView>> ledger = new HashMap<>();
    private final FairQueue<Pending> queue = new FairQueue<>();
    private final PriorityQueue<Scheduled> retries = new PriorityQueue<>(Comparator.comparing(Scheduled::dueAt));
    private final Map<TopicPartition, Integer> inFlight = new HashMap<>();
    private final List<Write> pendingWrites = new ArrayList<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private Pacer pacer;
    private int outboundPartitions;
    private Instant commitNotBefore = Instant.EPOCH;
    private Instant practicesWarnedAt = Instant.EPOCH;

    private void run() {
        try {
            open();
            while (!stopping()) {
                try {
                    round();
                } catch (final WakeupException e) {
                    if (!stopping()) {
                        throw e;
                    }
                }
            }
            if (!crashed) {
                drain(progress.keySet(), settings.drainTimeout());
            }
            closeClients();
            state.set(State.STOPPED);
            LOG.info("SMS sender stopped{}", crashed ? " abruptly" : "");
        } catch (final WakeupException e) {
            closeClients();
            state.set(crashed || stopping() ? State.STOPPED : State.FAILED);
        } catch (final RuntimeException e) {
            if (crashed) {
                closeClients();
                state.set(State.STOPPED);
                return;
            }
            failure.set(e);
            LOG.error("SMS sender failed and stopped; texts not yet handed over stay on the topic", e);
            closeClients();
            state.set(State.FAILED);
        } finally {
            workers.shutdownNow();
            if (!crashed) {
                gateway.close();
            }
        }
    }

    private void open() {
        pacer = new Pacer(0, clock.instant());
        producer = newProducer();
        producer.initTransactions();

        final Map<String, Object> ledgerConfig = new HashMap<>(kafkaConfig);
        ledgerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        ledgerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ledgerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ledgerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ledgerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-ledger");
        ledgerReader = new KafkaConsumer<>(ledgerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        final Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        outboundPartitions = consumer.partitionsFor(settings.outboundTopic()).size();
        consumer.subscribe(List.of(settings.outboundTopic()), new Rebalances());
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        final Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        // A topic that does not exist yet fails the round in 10 s (and is retried) instead of a minute.
        producerConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId());
        return new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void round() {
        final Instant now = clock.instant();
        final ConsumerRecords<byte[], byte[]> records = consumer.poll(pollWait(now));
        for (final TopicPartition tp : records.partitions()) {
            read(tp, records.records(tp));
        }
        completed(false);
        dueRetries(clock.instant());
        final List<Pending> handOvers = pickHandOvers(clock.instant());
        if (commit(handOvers)) {
            handOvers.forEach(this::handOver);
        } else {
            putBack(handOvers);
        }
        flowControl();
    }

    private Duration pollWait(final Instant now) {
        Duration wait = inFlightTotal() > 0 ? COMPLETION_POLL_WAIT : MAX_POLL_WAIT;
        if (!queue.isEmpty() && gateway.paced() && inFlightTotal() < settings.maxConcurrency()) {
            final Duration untilPermit = pacer.waitTime(now);
            if (untilPermit != null && untilPermit.compareTo(wait) < 0) {
                wait = untilPermit;
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
    private void read(final TopicPartition tp, final List<ConsumerRecord<byte[], byte[]>> records) {
        final PartitionProgress partition = progress.get(tp);
        if (partition == null) {
            return;
        }
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            final MessageRequest request;
            try {
                request = requestReader.deserialize(record.topic(), record.headers(), record.value());
            } catch (final RuntimeException e) {
                final Optional<DeadLetterCause> cause = DeadLetterCause.of(e);
                if (cause.isEmpty()) {
                    LOG.warn("cannot read {}@{} now (retrying): {}", tp, record.offset(), e.toString());
                    consumer.seek(tp, record.offset());
                    return;
                }
                partition.opened(record.offset(), partition.ledgerEnd());
                pendingWrites.add(new Write(tp, record.offset(), List.of(DeadLetters.record(settings.appName(),
                        record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                        record.value(), record.headers(), cause.get())), null, true));
                metrics.outcome("dead_lettered");
                continue;
            }
            if (request == null) {
                partition.opened(record.offset(), partition.ledgerEnd());
                partition.finished(record.offset());
                continue;
            }
            final LedgerView seen = ledger.get(tp).get(request.getRequestId());
            partition.opened(record.offset(), seen == null ? partition.ledgerEnd() : seen.firstOffset());
            queue.addLast(request.getTenantId(), new Pending(tp, record.offset(), request, 1, Optional.empty()));
        }
        partition.skippedTo(consumer.position(tp));
    }

    /** Chooses the texts to hand over this round, settling on the way those that need no hand-over. */
    private List<Pending> pickHandOvers(final Instant now) {
        final List<Pending> picked = new ArrayList<>();
        final Set<String> pickedIds = new HashSet<>();
        if (stopping()) {
            return picked;
        }
        while (inFlightTotal() + picked.size() < settings.maxConcurrency()) {
            final Optional<Pending> head = queue.peek();
            if (head.isEmpty()) {
                break;
            }
            final Pending next = head.get();
            final LedgerView seen = ledger.get(next.tp()).get(next.request().getRequestId());
            final boolean handledHere = pickedIds.contains(next.request().getRequestId())
                    || seen != null && seen.mine() && seen.state() == LedgerEntry.State.HANDED_OVER;
            if (handledHere || seen != null && seen.state() == LedgerEntry.State.DONE) {
                queue.poll();
                progress.get(next.tp()).finished(next.offset());
                metrics.outcome("already_done");
                continue;
            }
            if (seen != null && seen.state() == LedgerEntry.State.HANDED_OVER) {
                queue.poll();
                LOG.warn("requestId={} was handed over before a restart and has no outcome: not sent again, "
                        + "recorded FAILED {}", next.request().getRequestId(), UNCONFIRMED);
                outcome(next, seen.attempt(), DeliveryStatus.FAILED, null, UNCONFIRMED,
                        "the sender stopped after handing the text over and before the provider's answer was "
                                + "recorded; not sent again", Optional.empty());
                metrics.outcome("unconfirmed_after_restart");
                continue;
            }
            final int attempt = seen != null && seen.state() == LedgerEntry.State.RELEASED
                    ? Math.max(next.attempt(), seen.attempt() + 1) : next.attempt();
            final Optional<Instant> expiresAt = Optional.ofNullable(next.request().getExpiresAt());
            if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
                queue.poll();
                outcome(next, attempt, DeliveryStatus.FAILED, null, EXPIRED,
                        "expired at " + expiresAt.get() + " before it could be handed over", Optional.empty());
                metrics.outcome("expired");
                continue;
            }
            final Optional<String> smsFrom;
            try {
                smsFrom = practices.settings(next.request().getTenantId()).map(CommunicationSettings::getSmsFrom);
            } catch (final RuntimeException e) {
                practicesUnavailable(e);
                break;
            }
            if (gateway.paced() && !pacer.tryAcquire(now)) {
                break;
            }
            queue.poll();
            pickedIds.add(next.request().getRequestId());
            picked.add(next.withAttempt(attempt).withSmsFrom(smsFrom));
        }
        return picked;
    }

    /** The practice settings are not readable yet (e.g. still restoring): hand-overs wait, logged once a minute. */
    private void practicesUnavailable(final RuntimeException e) {
        final Instant now = clock.instant();
        if (now.isAfter(practicesWarnedAt.plus(Duration.ofMinutes(1)))) {
            practicesWarnedAt = now;
            LOG.warn("practice settings not available yet, hand-overs wait: {}", e.toString());
        }
    }

    private void handOver(final Pending pending) {
        inFlight.merge(pending.tp(), 1, Integer::sum);
        final MessageRequest request = pending.request();
        final OutboundSms sms = new OutboundSms(request.getRequestId(), request.getTenantId(), request.getClientId(),
                request.getTo(), request.getBody(), pending.smsFrom(),
                Optional.ofNullable(request.getExpiresAt()), pending.attempt());
        try {
            workers.execute(() -> {
                SendResult result;
                try {
                    result = gateway.send(sms);
                } catch (final RuntimeException e) {
                    result = new SendResult.Unconfirmed("the gateway failed: " + e.getClass().getName());
                }
                completions.add(new Completion(pending, result));
            });
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            completions.add(new Completion(pending, new SendResult.Unconfirmed("the sender was stopping")));
        }
    }

    /** Turns finished hand-overs into writes; with {@code wait}, blocks briefly for the next one. */
    private void completed(final boolean wait) {
        final List<Completion> done = new ArrayList<>();
        if (wait) {
            try {
                final Completion first = completions.poll(50, TimeUnit.MILLISECONDS);
                if (first != null) {
                    done.add(first);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        completions.drainTo(done);
        final Instant now = clock.instant();
        for (final Completion completion : done) {
            final Pending p = completion.pending();
            inFlight.merge(p.tp(), -1, Integer::sum);
            if (!progress.containsKey(p.tp())) {
                LOG.warn("requestId={} finished after its partition moved; its new owner records it {}",
                        p.request().getRequestId(), UNCONFIRMED);
                continue;
            }
            settle(p, completion.result(), now);
        }
    }

    private void settle(final Pending p, final SendResult result, final Instant now) {
        final String requestId = p.request().getRequestId();
        if (result instanceof SendResult.Accepted accepted) {
            outcome(p, p.attempt(), DeliveryStatus.QUEUED, accepted.providerMessageId(), null, null, Optional.empty());
            metrics.outcome("queued");
        } else if (result instanceof SendResult.DryRun) {
            outcome(p, p.attempt(), DeliveryStatus.DRY_RUN, null, null, null, Optional.empty());
            metrics.outcome("dry_run");
        } else if (result instanceof SendResult.Rejected rejected) {
            LOG.info("requestId={} rejected by {}: code={}", requestId, gateway.provider(), rejected.errorCode());
            final Optional<PhoneConsentEvent> optOut = rejected.recipientOptedOut()
                    ? Optional.of(carrierOptOut(p, now)) : Optional.empty();
            outcome(p, p.attempt(), DeliveryStatus.FAILED, null, rejected.errorCode(), rejected.errorMessage(), optOut);
            metrics.outcome("rejected");
        } else if (result instanceof SendResult.NotAccepted notAccepted) {
            retryOrGiveUp(p, notAccepted, now);
        } else if (result instanceof SendResult.Unconfirmed unconfirmed) {
            LOG.warn("requestId={}: {}; not sent again, recorded FAILED {}", requestId, unconfirmed.reason(), UNCONFIRMED);
            outcome(p, p.attempt(), DeliveryStatus.FAILED, null, UNCONFIRMED, unconfirmed.reason(), Optional.empty());
            metrics.outcome("unconfirmed");
        } else {
            throw new IllegalStateException("unknown send result " + result.getClass().getName());
        }
    }

    private void retryOrGiveUp(final Pending p, final SendResult.NotAccepted notAccepted, final Instant now) {
        final String requestId = p.request().getRequestId();
        if (notAccepted.throttled()) {
            pacer.pauseUntil(now.plus(notAccepted.retryAfter().orElse(DEFAULT_THROTTLE)));
        }
        final Optional<Duration> delay = settings.retryPolicy().delayAfter(p.attempt(), notAccepted.retryAfter(), random);
        if (delay.isPresent()) {
            LOG.info("requestId={} not accepted by {} (code={}, attempt {}): retrying in {}",
                    requestId, gateway.provider(), notAccepted.errorCode(), p.attempt(), delay.get());
            final LedgerEntry released = new LedgerEntry(requestId, LedgerEntry.State.RELEASED, p.attempt(),
                    p.offset(), now.toEpochMilli());
            pendingWrites.add(new Write(p.tp(), p.offset(), List.of(ledgerRecord(p.tp(), released)),
                    new Scheduled(now.plus(delay.get()), p.withAttempt(p.attempt() + 1)), false));
            metrics.outcome("retried");
        } else {
            outcome(p, p.attempt(), DeliveryStatus.FAILED, null, notAccepted.errorCode(),
                    "gave up after " + p.attempt() + " attempts: " + notAccepted.errorMessage(), Optional.empty());
            metrics.outcome("gave_up");
        }
    }

    private PhoneConsentEvent carrierOptOut(final Pending p, final Instant now) {
        return PhoneConsentEvent.newBuilder()
                .setEventId("carrier-opt-out-" + p.request().getRequestId())
                .setTenantId(p.request().getTenantId())
                .setPhone(p.request().getTo())
                .setOccurredAt(now)
                .setKind(PhoneConsentKind.CARRIER_OPT_OUT)
                .setKeyword(null)
                .setProviderMessageId(null)
                .build();
    }

    /** Queues the writes that settle a text: its DeliveryEvent, a carrier opt-out if any, and DONE. */
    private void outcome(final Pending p, final int attempt, final DeliveryStatus status, final String providerMessageId,
                         final String errorCode, final String errorMessage, final Optional<PhoneConsentEvent> optOut) {
        final MessageRequest request = p.request();
        final Instant now = clock.instant();
        final String clientKey = Identifiers.clientKey(request.getTenantId(), request.getClientId());
        final DeliveryEvent event = DeliveryEvent.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setClientId(request.getClientId())
                .setProvider(gateway.provider())
                .setProviderMessageId(providerMessageId)
                .setStatus(status)
                .setErrorCode(errorCode)
                .setErrorMessage(errorMessage)
                .setAttempt(attempt)
                .setAt(now)
                .build();
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(settings.deliveryUpdatesTopic(), utf8(clientKey),
                deliveryWriter.serialize(settings.deliveryUpdatesTopic(), event)));
        optOut.ifPresent(e -> records.add(new ProducerRecord<>(settings.phoneEventsTopic(),
                utf8(Identifiers.phoneKey(e.getTenantId(), e.getPhone())),
                phoneEventWriter.serialize(settings.phoneEventsTopic(), e))));
        records.add(ledgerRecord(p.tp(), new LedgerEntry(request.getRequestId(), LedgerEntry.State.DONE, attempt,
                p.offset(), now.toEpochMilli())));
        pendingWrites.add(new Write(p.tp(), p.offset(), records, null, true));
    }

    private ProducerRecord<byte[], byte[]> ledgerRecord(final TopicPartition tp, final LedgerEntry entry) {
        return new ProducerRecord<>(settings.ledgerTopic(), tp.partition(), utf8(entry.requestId()), entry.toBytes());
    }

    private void dueRetries(final Instant now) {
        while (!retries.isEmpty() && !retries.peek().dueAt().isAfter(now)) {
            final Pending due = retries.poll().pending();
            if (progress.containsKey(due.tp())) {
                queue.addFirst(due.request().getTenantId(), due);
            }
        }
    }

    private void putBack(final List<Pending> handOvers) {
        for (int i = handOvers.size() - 1; i >= 0; i--) {
            final Pending p = handOvers.get(i);
            queue.addFirst(p.request().getTenantId(), p);
        }
    }

    /**
     * Commits, in one transaction, the ledger's HANDED_OVER for {@code handOvers}, every pending
     * write, and the offsets they allow. True when it committed (the hand-overs may proceed).
     */
    private boolean commit(final List<Pending> handOvers) {
        if (crashed) {
            return false;
        }
        final Instant now = clock.instant();
        final List<Write> writes = new ArrayList<>(pendingWrites);
        for (final Pending p : handOvers) {
            final LedgerEntry entry = new LedgerEntry(p.request().getRequestId(), LedgerEntry.State.HANDED_OVER,
                    p.attempt(), p.offset(), now.toEpochMilli());
            writes.add(new Write(p.tp(), p.offset(), List.of(ledgerRecord(p.tp(), entry)), null, false));
        }
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
        if (touched.isEmpty() || now.isBefore(commitNotBefore)) {
            return writes.isEmpty() && handOvers.isEmpty();
        }
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
                    if (m.topic().equals(settings.ledgerTopic())) {
                        ledgerEnds.merge(writes.get(i).tp(), m.offset() + 1, Math::max);
                    }
                }
                written.add(metadata);
            }
            final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (final TopicPartition tp : touched) {
                final PartitionProgress partition = progress.get(tp);
                final Set<Long> finishingHere = finishing.getOrDefault(tp, Set.of());
                offsets.put(tp, new OffsetAndMetadata(partition.committableWith(finishingHere),
                        partition.metadataWith(finishingHere, ledgerEnds.getOrDefault(tp, partition.ledgerEnd()))));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            pendingWrites.clear();
            ledgerEnds.forEach((tp, end) -> progress.get(tp).ledgerWritten(end - 1));
            for (int i = 0; i < writes.size(); i++) {
                applyCommitted(writes.get(i), written.get(i));
            }
            offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
            return true;
        } catch (final ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                       | UnsupportedVersionException | FencedInstanceIdException e) {
            throw new IllegalStateException("the sender's transactions cannot continue", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(e);
            return false;
        } catch (final KafkaException | ExecutionException e) {
            abort(e);
            return false;
        }
    }

    private void abort(final Exception cause) {
        if (crashed) {
            return;
        }
        LOG.warn("commit failed, will retry: {}", cause.toString());
        commitNotBefore = clock.instant().plus(COMMIT_RETRY_WAIT);
        try {
            producer.abortTransaction();
        } catch (final KafkaException e) {
            // The transaction's fate is unknown (e.g. a commit that timed out). A new producer with the
            // same transactional.id finishes or aborts it; either way no text was handed over, since
            // hand-overs start only after a commit that returned.
            LOG.warn("transaction could not be aborted ({}); starting a new producer", e.toString());
            producer.close(Duration.ZERO);
            producer = newProducer();
            producer.initTransactions();
        }
    }

    private void applyCommitted(final Write write, final List<RecordMetadata> written) {
        for (int i = 0; i < write.records().size(); i++) {
            final ProducerRecord<byte[], byte[]> record = write.records().get(i);
            if (record.topic().equals(settings.ledgerTopic())) {
                final LedgerEntry entry = LedgerEntry.fromBytes(record.value());
                ledger.get(write.tp()).merge(entry.requestId(),
                        new LedgerView(entry.state(), entry.attempt(), written.get(i).offset(), true),
                        (old, fresh) -> new LedgerView(fresh.state(), fresh.attempt(), old.firstOffset(), true));
            }
        }
        if (write.finishes()) {
            progress.get(write.tp()).finished(write.offset());
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
        while (partitions.stream().anyMatch(tp -> inFlight.getOrDefault(tp, 0) > 0)
                && clock.instant().isBefore(deadline) && !crashed) {
            completed(true);
        }
        completed(false);
        for (int attempt = 0; attempt < 3 && !crashed; attempt++) {
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
        gone.forEach(tp -> {
            progress.remove(tp);
            ledger.remove(tp);
            committed.remove(tp);
            paused.remove(tp);
        });
        updateRate();
    }

    private void updateRate() {
        final double share = outboundPartitions == 0 ? 0 : (double) progress.size() / outboundPartitions;
        pacer.setRate(settings.maxMps() * share);
        metrics.rate(pacer.rate());
    }

    /** Reads the ledger of newly assigned partitions from their restore point. */
    private void restore(final Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(new HashSet<>(partitions));
        final Map<TopicPartition, TopicPartition> ledgerOf = new HashMap<>();
        for (final TopicPartition tp : partitions) {
            ledgerOf.put(new TopicPartition(settings.ledgerTopic(), tp.partition()), tp);
        }
        ledgerReader.assign(ledgerOf.keySet());
        for (final Map.Entry<TopicPartition, TopicPartition> entry : ledgerOf.entrySet()) {
            final OffsetAndMetadata offset = offsets.get(entry.getValue());
            final OptionalLong from = offset == null ? OptionalLong.empty() : PartitionProgress.restorePointOf(offset.metadata());
            if (from.isPresent()) {
                ledgerReader.seek(entry.getKey(), from.getAsLong());
            } else {
                ledgerReader.seekToBeginning(List.of(entry.getKey()));
            }
        }
        final Map<TopicPartition, Long> ends = ledgerReader.endOffsets(ledgerOf.keySet());
        final Map<TopicPartition, Map<String, LedgerView>> views = new HashMap<>();
        ledgerOf.values().forEach(tp -> views.put(tp, new HashMap<>()));
        int read = 0;
        while (ledgerOf.keySet().stream().anyMatch(l -> ledgerReader.position(l) < ends.get(l))) {
            for (final ConsumerRecord<byte[], byte[]> record : ledgerReader.poll(MAX_POLL_WAIT)) {
                final TopicPartition tp = ledgerOf.get(new TopicPartition(record.topic(), record.partition()));
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
                views.get(tp).merge(entry.requestId(), new LedgerView(entry.state(), entry.attempt(), record.offset(), false),
                        (old, fresh) -> new LedgerView(fresh.state(), fresh.attempt(), old.firstOffset(), false));
                read++;
            }
        }
        ledgerReader.unsubscribe();
        for (final TopicPartition tp : partitions) {
            final OffsetAndMetadata offset = offsets.get(tp);
            final long position = offset != null ? offset.offset() : consumer.position(tp);
            final TopicPartition ledgerPartition = new TopicPartition(settings.ledgerTopic(), tp.partition());
            progress.put(tp, new PartitionProgress(position, ends.get(ledgerPartition)));
            ledger.put(tp, views.get(tp));
            committed.put(tp, position);
            final long unsettled = views.get(tp).values().stream()
                    .filter(v -> v.state() == LedgerEntry.State.HANDED_OVER).count();
            if (unsettled > 0) {
                LOG.warn("{}: {} text(s) were handed over by a previous owner without a recorded outcome; "
                        + "they will be recorded FAILED {} when read", tp, unsettled, UNCONFIRMED);
                metrics.unsettledOnRestore(unsettled);
            }
        }
        updateRate();
        LOG.info("assigned {}: {} ledger entries restored", partitions, read);
    }

    private void closeClients() {
        try {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(crashed ? Duration.ZERO : Duration.ofSeconds(5)));
            }
        } catch (final RuntimeException e) {
            LOG.debug("consumer close: {}", e.toString());
        }
        try {
            if (producer != null) {
                producer.close(crashed ? Duration.ZERO : Duration.ofSeconds(5));
            }
        } catch (final RuntimeException e) {
            LOG.debug("producer close: {}", e.toString());
        }
        try {
            if (ledgerReader != null) {
                ledgerReader.close(CloseOptions.timeout(Duration.ZERO));
            }
        } catch (final RuntimeException e) {
            LOG.debug("ledger reader close: {}", e.toString());
        }
    }

    private int inFlightTotal() {
        int total = 0;
        for (final int n : inFlight.values()) {
            total += n;
        }
        return total;
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Partition assignment changes, run on the poll thread inside {@code poll()}. */
    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            if (crashed || partitions.isEmpty()) {
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
            if (crashed) {
                return;
            }
            LOG.warn("lost {} without a clean handover; their texts in flight are recorded {} by the next owner",
                    partitions, UNCONFIRMED);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            if (crashed) {
                return;
            }
            restore(partitions);
        }
    }

    /** A text read and not yet settled; {@code smsFrom} is resolved when it is picked for a hand-over. */
    private record Pending(TopicPartition tp, long offset, MessageRequest request, int attempt, Optional<String> smsFrom) {
        Pending withAttempt(final int n) {
            return new Pending(tp, offset, request, n, smsFrom);
        }

        Pending withSmsFrom(final Optional<String> from) {
            return new Pending(tp, offset, request, attempt, from);
        }
    }

    /** A hand-over's result, from a worker to the poll thread. */
    private record Completion(Pending pending, SendResult result) {
    }

    /** A retry waiting for its time. */
    private record Scheduled(Instant dueAt, Pending pending) {
    }

    /**
     * Records to write for one text in the next transaction.
     *
     * @param finishes the text needs nothing more once they are written
     * @param retry    a retry to schedule once they are written
     */
    private record Write(TopicPartition tp, long offset, List<ProducerRecord<byte[], byte[]>> records,
                         Scheduled retry, boolean finishes) {
    }

    /**
     * The latest ledger state of a text, where its first entry since the restore point is, and
     * whether this instance wrote it (rather than restoring it from a previous owner).
     */
    private record LedgerView(LedgerEntry.State state, int attempt, long firstOffset, boolean mine) {
    }
}
