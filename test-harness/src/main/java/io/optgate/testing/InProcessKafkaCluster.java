package io.optgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KRaft nodes (combined broker and controller) running inside the test JVM, built with Kafka's own
 * {@link KafkaClusterTestKit}. Fast to start; cannot lose a node the hard way.
 */
final class InProcessKafkaCluster extends BaseKafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessKafkaCluster.class);

    private final int nodes;
    private final KafkaClusterTestKit kit;
    private final Path directory;

    private InProcessKafkaCluster(final int nodes, final KafkaClusterTestKit kit, final Path directory) {
        this.nodes = nodes;
        this.kit = kit;
        this.directory = directory;
    }

    static InProcessKafkaCluster start(final int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("A cluster needs at least one node, got " + nodes);
        }
        final long started = System.nanoTime();
        final Path directory = Directories.createTemporary("optgate-kafka-in-process-");
        final KafkaClusterTestKit kit;
        try {
            final TestKitNodes testKitNodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(nodes)
                    .setNumControllerNodes(nodes)
                    .setBaseDirectory(directory)
                    // The test kit defaults to the newest (unreleased) metadata version; run what production runs.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(testKitNodes);
            BrokerSettings.forCluster(nodes).forEach(builder::setConfigProp);
            kit = builder.build();
        } catch (final Exception e) {
            Directories.deleteQuietly(directory);
            throw new IllegalStateException("Cannot build an in-process Kafka cluster of " + nodes + " node(s)", e);
        }
        final InProcessKafkaCluster cluster = new InProcessKafkaCluster(nodes, kit, directory);
        cluster.stopOnJvmExit("optgate-kafka-in-process-cleanup");
        try {
            formatQuietly(kit);
            kit.startup();
            kit.waitForReadyBrokers();
            cluster.verifyProducesAndConsumes(READINESS_TIMEOUT);
        } catch (final Exception e) {
            cluster.close();
            throw new IllegalStateException("In-process Kafka cluster of " + nodes + " node(s) did not become ready", e);
        }
        LOG.info("Started in-process Kafka, {} node(s) at {} in {} ms",
                nodes, cluster.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    /**
     * The test kit's formatter prints to {@code System.out}, which would land in every module's
     * test output; keep it for the error message instead.
     */
    private static void formatQuietly(final KafkaClusterTestKit kit) throws Exception {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            kit.format();
        } catch (final Exception e) {
            e.addSuppressed(new IllegalStateException("Formatter output: " + captured.toString(StandardCharsets.UTF_8)));
            throw e;
        } finally {
            System.setOut(original);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public int nodeCount() {
        return nodes;
    }

    @Override
    void stop() {
        closeQuietly(kit).ifPresent(e -> LOG.warn("In-process Kafka did not shut down cleanly", e));
        Directories.deleteQuietly(directory);
        LOG.info("Stopped in-process Kafka, {} node(s)", nodes);
    }
}
