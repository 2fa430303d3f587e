package io.optgate.local.progress;

import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts what the apps decide and send, by reading their output topics like any consumer would
 * ({@code read_committed}, no consumer group, from the end at start): decisions by verdict and
 * reason, deliveries by status, consent notes. {@link #snapshot()} is safe from any thread.
 */
public final class DispatchProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchProgress.class);
    private static final Duration RECHECK_TOPICS = Duration.ofSeconds(2);
    private static final int RECENT = 15;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String decisionsTopic;
    private final String deliveriesTopic;
    private final String notesTopic;
    private final Deserializer<DispatchDecision> decisions;
    private final Deserializer<DeliveryEvent> deliveries;
    private final Clock clock;
    private final Thread thread;
    private final Set<String> assignedTopics = new HashSet<>();
    private volatile boolean running = true;

    private long decided;
    private final Map<String, Long> byVerdict = new HashMap<>();
    private final Map<String, Long> byReason = new HashMap<>();
    private final Map<String, Long> byStatus = new HashMap<>();
    private long notes;
    private final java.util.ArrayDeque<RecentDecision> recent = new java.util.ArrayDeque<>();

    /**
     * One of the latest decisions, for the web page's examples (no phone number or body: decisions
     * carry neither).
     */
    public record RecentDecision(String requestId, String tenantId, String clientId, String verdict, String reason,
                                 String category, java.time.Instant decidedAt) {
    }

    /**
     * @param bootstrapServers the cluster
     * @param topics           the contract topics (names and serdes)
     * @param clock            for the snapshot times
     */
    public DispatchProgress(final String bootstrapServers, final ContractTopics topics, final Clock clock) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "optgate-local-progress",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.decisionsTopic = topics.dispatchDecisions().name();
        this.deliveriesTopic = topics.dispatchDeliveries().name();
        this.notesTopic = topics.consentNotes().name();
        this.decisions = topics.dispatchDecisions().valueSerde().deserializer();
        this.deliveries = topics.dispatchDeliveries().valueSerde().deserializer();
        this.clock = clock;
        this.thread = new Thread(this::run, "local-progress");
        this.thread.setDaemon(true);
    }

    /** Starts reading in the background. */
    public DispatchProgress start() {
        thread.start();
        return this;
    }

    /** The counts so far. */
    public synchronized ProgressSnapshot snapshot() {
        return new ProgressSnapshot(clock.instant(), decided, byVerdict, byReason, byStatus, notes);
    }

    /** The latest decisions, newest first. */
    public synchronized List<RecentDecision> recentDecisions() {
        return List.copyOf(recent);
    }

    private void run() {
        long nextTopicCheck = 0;
        try {
            while (running) {
                if (assignedTopics.size() < 3 && System.nanoTime() >= nextTopicCheck) {
                    assignNewPartitions();
                    nextTopicCheck = System.nanoTime() + RECHECK_TOPICS.toNanos();
                }
                if (assignedTopics.isEmpty()) {
                    synchronized (this) {
                        wait(RECHECK_TOPICS.toMillis());
                    }
                    continue;
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count(record);
                }
            }
        } catch (final WakeupException e) {
            // closing
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            LOG.warn("progress counting stopped: {}", e.toString());
        }
    }

    private void assignNewPartitions() {
        final List<TopicPartition> fresh = new ArrayList<>();
        for (final String topic : List.of(decisionsTopic, deliveriesTopic, notesTopic)) {
            if (assignedTopics.contains(topic)) {
                continue;
            }
            final List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                continue;
            }
            partitions.forEach(p -> fresh.add(new TopicPartition(p.topic(), p.partition())));
            assignedTopics.add(topic);
        }
        if (fresh.isEmpty()) {
            return;
        }
        final Set<TopicPartition> all = new HashSet<>(consumer.assignment());
        all.addAll(fresh);
        consumer.assign(all);
        consumer.seekToEnd(fresh);
    }

    private void count(final ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(decisionsTopic)) {
                final DispatchDecision d = decisions.deserialize(record.topic(), record.headers(), record.value());
                synchronized (this) {
                    decided++;
                    byVerdict.merge(d.getVerdict().name(), 1L, Long::sum);
                    if (!"SEND".equals(d.getVerdict().name())) {
                        byReason.merge(d.getReason().name(), 1L, Long::sum);
                    }
                    recent.addFirst(new RecentDecision(d.getRequestId(), d.getTenantId(), d.getClientId(),
                            d.getVerdict().name(), d.getReason().name(), d.getCategory().name(), d.getDecidedAt()));
                    if (recent.size() > RECENT) {
                        recent.removeLast();
                    }
                }
            } else if (record.topic().equals(deliveriesTopic)) {
                final DeliveryEvent e = deliveries.deserialize(record.topic(), record.headers(), record.value());
                synchronized (this) {
                    byStatus.merge(e.getStatus().name(), 1L, Long::sum);
                }
            } else {
                synchronized (this) {
                    notes++;
                }
            }
        } catch (final RuntimeException e) {
            LOG.debug("progress: skipped an unreadable record on {}", record.topic());
        }
    }

    /** Stops reading and closes the consumer. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
