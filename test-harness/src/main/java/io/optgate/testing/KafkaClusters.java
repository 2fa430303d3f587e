package io.optgate.testing;

import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Starts Kafka clusters for tests. Each method returns a cluster that has passed the readiness
 * check (one record produced with {@code acks=all} and consumed back); the caller closes it.
 * Tests normally let {@link KafkaClusterExtension} do this.
 */
public final class KafkaClusters {

    /**
     * System property (or environment variable {@code OPTGATE_TEST_KAFKA}) choosing what
     * {@link #preferred(int)} starts: {@code auto} (default), {@code in-process} or
     * {@code testcontainers}.
     */
    public static final String MODE_PROPERTY = "optgate.test.kafka";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusters.class);

    private KafkaClusters() {
    }

    /**
     * KRaft nodes inside this JVM (Kafka's {@code KafkaClusterTestKit}), each a combined broker and
     * controller on free loopback ports, data in a temporary directory deleted on close (and at
     * JVM exit). Starts in a few seconds.
     *
     * @param nodes how many nodes, at least 1; replication factor is {@code min(3, nodes)}
     */
    public static KafkaCluster inProcess(final int nodes) {
        return InProcessKafkaCluster.start(nodes);
    }

    /**
     * KRaft nodes as separate JVMs ({@code kafka.Kafka} on this JVM's class path, 512 MiB heap
     * each) that a test can {@linkplain ProcessKafkaCluster#killBroker(int) kill -9} and restart.
     * Node ids are {@code 1..nodes}. The processes are killed on close, at JVM exit, and by
     * themselves when this JVM dies.
     *
     * @param nodes how many nodes, at least 1; replication factor is {@code min(3, nodes)}
     */
    public static ProcessKafkaCluster separateProcesses(final int nodes) {
        return SeparateProcessKafkaCluster.start(nodes, Optional.empty());
    }

    /**
     * As {@link #separateProcesses(int)}, but the client-facing listener (the one
     * {@link KafkaCluster#bootstrapServers()} names) speaks {@code SASL_PLAINTEXT} with mechanism
     * {@code PLAIN} only, and knows {@code user}: a client without {@link SaslPlain#clientSettings()}
     * is refused. The brokers talk to each other on that listener too (as a user of their own); only
     * the KRaft controller listener stays {@code PLAINTEXT}. The cluster's own helpers
     * ({@link KafkaCluster#clientConfig()}, {@link KafkaCluster#createAdmin()}, ...) log in as
     * {@code user}.
     */
    public static ProcessKafkaCluster separateProcesses(final int nodes, final SaslPlain user) {
        return SeparateProcessKafkaCluster.start(nodes, Optional.of(user));
    }

    /**
     * One node in Docker via Testcontainers' {@code KafkaContainer} ({@code apache/kafka} image of
     * the Kafka client version). Needs a Docker engine.
     */
    public static KafkaCluster testcontainers() {
        return ContainerKafkaCluster.start();
    }

    /**
     * The cluster a test gets by default: with Docker available and one node, Testcontainers;
     * otherwise in-process. {@link #MODE_PROPERTY} overrides the choice.
     */
    public static KafkaCluster preferred(final int nodes) {
        final String mode = Optional.ofNullable(System.getProperty(MODE_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv("OPTGATE_TEST_KAFKA")))
                .orElse("auto")
                .toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "in-process" -> inProcess(nodes);
            case "testcontainers" -> {
                if (nodes != 1) {
                    throw new IllegalArgumentException("Testcontainers runs a single Kafka node, not " + nodes);
                }
                yield testcontainers();
            }
            case "auto" -> {
                if (nodes == 1 && dockerAvailable()) {
                    yield testcontainers();
                }
                LOG.info("Running Kafka in process ({} node(s)); Testcontainers needs Docker and a single node", nodes);
                yield inProcess(nodes);
            }
            default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, in-process or testcontainers, not '"
                    + mode + "'");
        };
    }

    /** Whether Testcontainers finds a working Docker engine (the Docker client alone is not enough). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (final RuntimeException | LinkageError e) {
            return false;
        }
    }
}
