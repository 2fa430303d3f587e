package io.optgate.local.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.IntSupplier;

/**
 * A real Apache Kafka broker running inside this JVM in KRaft mode: one node that is both broker
 * and controller, PLAINTEXT on {@code 127.0.0.1:<port>} so that any Kafka tool can connect, the
 * controller on a free loopback port, and its logs under {@code <dataDir>/kafka}.
 *
 * <p>The first start formats the storage as {@code kafka-storage.sh format} does (a new cluster
 * id, static single-voter quorum); a later start on the same directory finds {@code
 * meta.properties}, keeps the cluster id and resumes with every topic and record it had. The
 * quorum is static (kraft.version 0) on purpose: the controller's port may change from one start
 * to the next, and a static voter's endpoint is read from the configuration, not from the log.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;
    private final boolean resumed;
    private final Path logDir;

    private EmbeddedKafka(final KafkaRaftServer server, final String bootstrapServers,
                          final String clusterId, final boolean resumed, final Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
        this.resumed = resumed;
        this.logDir = logDir;
    }

    /**
     * Formats {@code <dataDir>/kafka} when it has never been formatted, then starts the broker and
     * returns once it is unfenced and accepts clients.
     *
     * @param dataDir the local-mode data directory (created when missing)
     * @param port    the PLAINTEXT port on 127.0.0.1; must be free
     * @throws BrokerStartException with a message for a person when the port is taken, the data
     *                              directory is locked by another process, or the broker fails
     */
    public static EmbeddedKafka start(final Path dataDir, final int port) {
        final Path logDir = dataDir.resolve("kafka").toAbsolutePath();
        requireFreePort(port);
        final int controllerPort = freePortOtherThan(port, EmbeddedKafka::freePort);
        final Properties props = brokerProperties(logDir, port, controllerPort);
        try {
            Files.createDirectories(logDir);
        } catch (final IOException e) {
            throw new BrokerStartException("cannot create the broker's data directory " + logDir
                    + " (OPTGATE_DATA_DIR): " + e.getMessage(), e);
        }
        final String existingClusterId = readClusterId(logDir);
        final boolean resumed = existingClusterId != null;
        final String clusterId = resumed ? existingClusterId : format(logDir, props);

        final KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (final RuntimeException e) {
            shutdownQuietly(server);
            throw new BrokerStartException("the embedded Kafka broker did not start from " + logDir
                    + ": " + rootMessage(e) + " (is another optgate-local using OPTGATE_DATA_DIR?)", e);
        }
        final String bootstrap = "127.0.0.1:" + port;
        LOG.info("embedded Kafka {} on {} cluster={} dataDir={}", resumed ? "resumed" : "formatted and started",
                bootstrap, clusterId, logDir);
        return new EmbeddedKafka(server, bootstrap, clusterId, resumed, logDir);
    }

    /** {@code 127.0.0.1:<port>}, for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster id, kept in {@code meta.properties} across restarts. */
    public String clusterId() {
        return clusterId;
    }

    /** True when this start found formatted storage and resumed from it. */
    public boolean resumed() {
        return resumed;
    }

    /** The broker's log directory, {@code <dataDir>/kafka}. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits until it has released its log directory. */
    @Override
    public void close() {
        shutdownQuietly(server);
        LOG.info("embedded Kafka stopped");
    }

    static Properties brokerProperties(final Path logDir, final int port, final int controllerPort) {
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica; fewer partitions make the first start fast.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The apps create their topics with the right settings; a typo must not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "6");
        return p;
    }

    private static String format(final Path logDir, final Properties props) {
        final String clusterId = Uuid.randomUuid().toString();
        final Path configFile = logDir.resolve("format.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "written by optgate-local to format this directory; not read afterwards");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            code = StorageTool$.MODULE$.execute(
                    new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, ps);
        } catch (final RuntimeException e) {
            throw new BrokerStartException("formatting " + logDir + " failed: " + rootMessage(e), e);
        } finally {
            deleteQuietly(configFile);
        }
        if (code != 0) {
            throw new BrokerStartException("formatting " + logDir + " failed (exit " + code + "): "
                    + out.toString(StandardCharsets.UTF_8).trim(), null);
        }
        return clusterId;
    }

    /** The cluster id from {@code meta.properties}, or null when the directory is not formatted. */
    static String readClusterId(final Path logDir) {
        final Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (final IOException e) {
            throw new BrokerStartException("cannot read " + meta + ": " + e.getMessage(), e);
        }
        final String id = p.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new BrokerStartException(meta + " has no cluster.id; delete " + logDir
                    + " to start from scratch", null);
        }
        return id;
    }

    private static void requireFreePort(final int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (final IOException e) {
            throw new BrokerStartException("port " + port + " on 127.0.0.1 is already in use (another Kafka?);"
                    + " stop it or set OPTGATE_LOCAL_KAFKA_PORT to a free port", e);
        }
    }

    /**
     * A free port that is not {@code port}: a caller that picked {@code port} as free and let it go
     * (tests do) may be handed the same one again, and two listeners cannot share it.
     */
    static int freePortOtherThan(final int port, final IntSupplier freePorts) {
        for (int attempt = 0; attempt < 20; attempt++) {
            final int candidate = freePorts.getAsInt();
            if (candidate != port) {
                return candidate;
            }
        }
        throw new BrokerStartException("no free port for the embedded broker's controller besides " + port, null);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void shutdownQuietly(final KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (final RuntimeException e) {
            LOG.warn("embedded Kafka did not shut down cleanly: {}", rootMessage(e));
        }
    }

    private static void deleteQuietly(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            LOG.debug("could not delete {}", file, e);
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
