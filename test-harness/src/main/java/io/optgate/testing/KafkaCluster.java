package io.optgate.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A running Kafka cluster for tests, reachable on loopback.
 *
 * <p>Get one from {@link KafkaClusterExtension} (annotate the test class with {@link RealKafka}
 * and declare a {@code KafkaCluster} parameter) or start one yourself with {@link KafkaClusters}.
 * Every cluster has passed a readiness check (a record was produced and consumed back) before it
 * is handed out.
 *
 * <p>Broker defaults that differ from Kafka's own, on every variant: topics are <b>not</b>
 * auto-created (create them with {@link #createTopic}), the replication factor of new topics and of
 * the internal topics is {@code min(3, nodes)}, {@code min.insync.replicas} is one less than that
 * (at least 1), and consumer groups rebalance without the initial delay.
 *
 * <p>Clusters handed out by the extension are shared (one in-process cluster per test JVM), so
 * tests must use their own topic and group names.
 */
public interface KafkaCluster extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:41234}. */
    String bootstrapServers();

    /** The number of broker nodes the cluster was started with (alive or not). */
    int nodeCount();

    /**
     * Creates topics and waits (bounded) until every partition has a leader. A topic that already
     * exists is left as it is. A {@link NewTopic} without a replication factor gets the cluster
     * default, {@code min(3, nodes)}.
     *
     * @throws IllegalStateException when the cluster refuses a topic or the leaders do not appear
     */
    void createTopics(Collection<NewTopic> topics);

    /**
     * Waits until {@code groupId} has committed, for every partition of every topic it has
     * committed offsets on, the end offset (the last stable offset, so records of open
     * transactions do not count). A partition the group has not committed on counts from its log
     * start offset. Polls every 100 ms until {@code timeout}.
     *
     * <p>Commit the consumer's position ({@code commitSync()} without arguments, as Kafka Streams
     * does) rather than {@code record.offset() + 1}: on transactionally written topics the commit
     * markers would otherwise look like lag.
     *
     * @throws AssertionError naming every lagging partition (or saying the group committed
     *     nothing) when the group still lags at the deadline
     */
    void awaitNoLag(String groupId, Duration timeout);

    /**
     * Stops the cluster and deletes its data. Idempotent. Clusters handed out by the extension are
     * closed by the extension; do not close them in tests.
     */
    @Override
    void close();

    /** Creates a topic with {@code partitions} partitions and the default replication factor. */
    default void createTopic(final String name, final int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with {@code partitions} partitions, the default replication factor and the
     * given topic configs (e.g. {@code retention.ms}).
     */
    default void createTopic(final String name, final int partitions, final Map<String, String> configs) {
        createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs)));
    }

    /** Creates a topic with {@code cleanup.policy=compact}, as changelog-like contract topics are. */
    default void createCompactedTopic(final String name, final int partitions) {
        createTopic(name, partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Varargs form of {@link #createTopics(Collection)}. */
    default void createTopics(final NewTopic... topics) {
        createTopics(List.of(topics));
    }

    /** A new admin client for this cluster; the caller closes it (try-with-resources). */
    default Admin createAdmin() {
        return Admin.create(clientConfig());
    }

    /**
     * The security settings a client needs ({@code security.protocol}, SASL, ...): none, unless the
     * cluster was started {@linkplain KafkaClusters#separateProcesses(int, SaslPlain) secured}.
     */
    default Map<String, Object> clientSecurity() {
        return Map.of();
    }

    /** A mutable client config holding {@code bootstrap.servers} and the {@linkplain #clientSecurity() security settings}. */
    default Map<String, Object> clientConfig() {
        final Map<String, Object> config = new HashMap<>(clientSecurity());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * A mutable producer config: {@code acks=all} with idempotence on. Add the serializers (or pass
     * them to the producer's constructor).
     */
    default Map<String, Object> producerConfig() {
        final Map<String, Object> config = clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /**
     * A mutable consumer config for {@code groupId}: reads from the earliest offset, only
     * committed transactional records, and never commits on its own (commit explicitly so that
     * {@link #awaitNoLag} means something).
     */
    default Map<String, Object> consumerConfig(final String groupId) {
        final Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        return config;
    }
}
