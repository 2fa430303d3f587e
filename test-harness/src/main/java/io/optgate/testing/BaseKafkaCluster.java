package io.optgate.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What every variant does the same way once it knows its bootstrap servers: topics, lag and the
 * readiness check. Holds one admin client for its own use.
 */
abstract class BaseKafkaCluster implements KafkaCluster {

    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final Object adminLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Admin admin;
    private Thread stopOnExit;

    /** Releases the variant's brokers and files; called once, by close() or at JVM exit. */
    abstract void stop();

    /** Stops the cluster at JVM exit too, so a test JVM that ends without closing it leaves no broker behind. */
    final void stopOnJvmExit(final String threadName) {
        stopOnExit = new Thread(this::stopOnce, threadName);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    @Override
    public final void close() {
        stopOnce();
        if (stopOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (final IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run; nothing left to unregister.
            }
        }
    }

    private void stopOnce() {
        if (closed.compareAndSet(false, true)) {
            closeAdmin();
            stop();
        }
    }

    /** The harness's own admin client, created on first use and closed by {@link #closeAdmin()}. */
    final Admin admin() {
        synchronized (adminLock) {
            if (admin == null) {
                admin = createAdmin();
            }
            return admin;
        }
    }

    private void closeAdmin() {
        synchronized (adminLock) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }

    @Override
    public final void createTopics(final Collection<NewTopic> topics) {
        final Map<String, KafkaFuture<Void>> results = admin().createTopics(topics).values();
        for (final Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + result.getKey() + ": " + e.getCause(), e.getCause());
                }
            } catch (final TimeoutException e) {
                throw new IllegalStateException("Creating topic " + result.getKey() + " took longer than " + TOPIC_TIMEOUT, e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + result.getKey(), e);
            }
        }
        final Deadline deadline = Deadline.after(TOPIC_TIMEOUT);
        awaitLeaders(results.keySet(), deadline);
        awaitEveryReplicaHosted(results.keySet(), deadline);
    }

    /**
     * Waits until every live broker that holds a replica of the topics has created it. Metadata
     * reaches each broker of a KRaft cluster on its own time, and a broker that has not applied the
     * new topic yet answers a describe with UNKNOWN_TOPIC_OR_PARTITION; a broker creates its replica
     * only once it has applied the topic, so a replica on every broker means every broker knows it.
     */
    private void awaitEveryReplicaHosted(final Set<String> topics, final Deadline deadline) {
        final String problem = deadline.pollUntilNone(() -> replicasNotHostedYet(topics, deadline));
        if (!problem.isEmpty()) {
            throw new IllegalStateException("Topics " + topics + " are not on every replica after " + deadline.timeout()
                    + ": " + problem);
        }
    }

    private String replicasNotHostedYet(final Set<String> topics, final Deadline deadline) {
        try {
            final Set<Integer> live = liveBrokerIds(deadline);
            if (live.isEmpty()) {
                return "the cluster lists no live broker yet";
            }
            final Map<Integer, Set<TopicPartition>> expected = new HashMap<>();
            for (final TopicDescription topic : admin().describeTopics(topics).allTopicNames()
                    .get(deadline.callMillis(), TimeUnit.MILLISECONDS).values()) {
                for (final TopicPartitionInfo partition : topic.partitions()) {
                    partition.replicas().stream()
                            .filter(replica -> live.contains(replica.id()))
                            .forEach(replica -> expected.computeIfAbsent(replica.id(), id -> new HashSet<>())
                                    .add(new TopicPartition(topic.name(), partition.partition())));
                }
            }
            final Map<Integer, Map<String, LogDirDescription>> hosted = admin().describeLogDirs(expected.keySet())
                    .allDescriptions().get(deadline.callMillis(), TimeUnit.MILLISECONDS);
            final List<String> missing = new ArrayList<>();
            expected.forEach((broker, partitions) -> {
                final Set<TopicPartition> present = hosted.getOrDefault(broker, Map.of()).values().stream()
                        .flatMap(dir -> dir.replicaInfos().keySet().stream())
                        .collect(Collectors.toSet());
                partitions.stream()
                        .filter(partition -> !present.contains(partition))
                        .forEach(partition -> missing.add(partition + " on broker " + broker));
            });
            return String.join(", ", missing);
        } catch (final ExecutionException | TimeoutException e) {
            return "not described yet (" + e + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topic replicas", e);
        }
    }

    private void awaitLeaders(final Set<String> topics, final Deadline deadline) {
        final String problem = deadline.pollUntilNone(() -> partitionsWithoutLeader(topics, deadline));
        if (!problem.isEmpty()) {
            throw new IllegalStateException("Topics " + topics + " have no leader after " + deadline.timeout() + ": " + problem);
        }
    }

    private String partitionsWithoutLeader(final Set<String> topics, final Deadline deadline) {
        try {
            final Map<String, TopicDescription> descriptions = admin().describeTopics(topics).allTopicNames()
                    .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            return descriptions.values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .filter(partition -> partition.leader() == null || partition.leader().isEmpty())
                            .map(partition -> topic.name() + "-" + partition.partition()))
                    .collect(Collectors.joining(", "));
        } catch (final ExecutionException | TimeoutException e) {
            return "not described yet (" + e + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topic leaders", e);
        }
    }

    @Override
    public final void awaitNoLag(final String groupId, final Duration timeout) {
        final Deadline deadline = Deadline.after(timeout);
        final String lag = deadline.pollUntilNone(() -> describeLag(groupId, deadline));
        if (!lag.isEmpty()) {
            throw new AssertionError("Consumer group '" + groupId + "' still lags after " + timeout + ": " + lag);
        }
    }

    /** An empty string when the group has caught up, else a description of what lags. */
    private String describeLag(final String groupId, final Deadline deadline) {
        try {
            final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(deadline.callMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, offset) -> {
                        if (offset != null) {
                            committed.put(partition, offset);
                        }
                    });
            if (committed.isEmpty()) {
                return "it has committed no offsets";
            }
            final List<TopicPartition> partitions = partitionsOf(committed.keySet().stream()
                    .map(TopicPartition::topic)
                    .collect(Collectors.toSet()), deadline);
            final Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest(), deadline);
            final List<TopicPartition> uncommitted = partitions.stream()
                    .filter(partition -> !committed.containsKey(partition))
                    .toList();
            final Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(uncommitted, OffsetSpec.earliest(), deadline);
            final List<String> lagging = new ArrayList<>();
            for (final TopicPartition partition : partitions) {
                final long end = ends.get(partition).offset();
                final OffsetAndMetadata commit = committed.get(partition);
                if (commit != null && commit.offset() < end) {
                    lagging.add(partition + " committed " + commit.offset() + " of end " + end
                            + " (lag " + (end - commit.offset()) + ")");
                } else if (commit == null && starts.get(partition).offset() < end) {
                    final long start = starts.get(partition).offset();
                    lagging.add(partition + " nothing committed, records " + start + ".." + (end - 1)
                            + " (lag " + (end - start) + ")");
                }
            }
            return String.join("; ", lagging);
        } catch (final ExecutionException | TimeoutException e) {
            return "offsets could not be read (" + e + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the lag of " + groupId, e);
        }
    }

    /** Every partition of the topics that still exist, in topic and partition order. */
    private List<TopicPartition> partitionsOf(final Set<String> topics, final Deadline deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final Map.Entry<String, KafkaFuture<TopicDescription>> topic
                : admin().describeTopics(topics).topicNameValues().entrySet()) {
            try {
                for (final TopicPartitionInfo info : topic.getValue().get(deadline.callMillis(), TimeUnit.MILLISECONDS).partitions()) {
                    partitions.add(new TopicPartition(topic.getKey(), info.partition()));
                }
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(final List<TopicPartition> partitions,
                                                              final OffsetSpec spec,
                                                              final Deadline deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin().listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(deadline.callMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Proves the cluster works end to end: creates a topic, produces one record with
     * {@code acks=all}, consumes it back in a consumer group (which also creates the offsets
     * topic), then removes the topic and the group again.
     *
     * @throws IllegalStateException when any step does not finish within {@code timeout}
     */
    final void verifyProducesAndConsumes(final Duration timeout) {
        final Deadline deadline = Deadline.after(timeout);
        final String name = "optgate-harness-readiness-" + UUID.randomUUID();
        createTopic(name, 1);
        final String marker = "ready " + name;
        final Map<String, Object> producerConfig = producerConfig();
        producerConfig.put("max.block.ms", deadline.remainingMillis());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(name, marker)).get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers() + " did not accept a record within " + timeout, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the readiness check", e);
        }
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig(name), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(name));
            boolean seen = false;
            while (!seen && !deadline.expired()) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen |= marker.equals(record.value());
                }
            }
            if (!seen) {
                throw new IllegalStateException("Kafka at " + bootstrapServers()
                        + " did not return a produced record within " + timeout);
            }
            consumer.commitSync(deadline.remaining());
        }
        removeQuietly(name, deadline);
    }

    private void removeQuietly(final String name, final Deadline deadline) {
        try {
            admin().deleteConsumerGroups(List.of(name)).all().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            admin().deleteTopics(List.of(name)).all().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            // Leftovers of the readiness check are harmless; the cluster itself works.
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ids of the brokers the cluster currently lists as alive. */
    final Set<Integer> liveBrokerIds(final Deadline deadline) {
        try {
            return admin().describeCluster().nodes().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS).stream()
                    .map(node -> node.id())
                    .collect(Collectors.toCollection(HashSet::new));
        } catch (final ExecutionException | TimeoutException e) {
            return Set.of();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing the cluster", e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + nodeCount() + " node(s) at " + bootstrapServers() + "]";
    }

    static Optional<Throwable> closeQuietly(final AutoCloseable closeable) {
        try {
            closeable.close();
            return Optional.empty();
        } catch (final Exception e) {
            return Optional.of(e);
        }
    }
}
