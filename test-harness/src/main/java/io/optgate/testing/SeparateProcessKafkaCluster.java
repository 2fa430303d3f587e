package io.optgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KRaft nodes, each a separate JVM running {@code kafka.Kafka} as a combined broker and controller
 * with a static three-voter (or one-voter) quorum, formatted with {@code kafka.tools.StorageTool}.
 * Ports are free loopback ports chosen at start and kept across restarts. Each node writes its log
 * to {@code node-<id>.log} in the cluster's temporary directory, never to the test output.
 */
final class SeparateProcessKafkaCluster extends BaseKafkaCluster implements ProcessKafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(SeparateProcessKafkaCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROCESS_EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";

    /** Where one node lives; fixed for the cluster's lifetime. */
    private record NodeLayout(int id, int brokerPort, int controllerPort, Path directory, Path properties, Path log) {
    }

    private final Path directory;
    private final Path loggingConfig;
    private final Map<Integer, NodeLayout> layouts;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private final Optional<SaslPlain> user;

    private SeparateProcessKafkaCluster(final Path directory, final Path loggingConfig, final Map<Integer, NodeLayout> layouts,
                                        final Optional<SaslPlain> user) {
        this.directory = directory;
        this.loggingConfig = loggingConfig;
        this.layouts = layouts;
        this.user = user;
    }

    /** @param user with one, the client-facing listener is SASL_PLAINTEXT/PLAIN only and knows this user */
    static SeparateProcessKafkaCluster start(final int nodes, final Optional<SaslPlain> user) {
        if (nodes < 1) {
            throw new IllegalArgumentException("A cluster needs at least one node, got " + nodes);
        }
        final long started = System.nanoTime();
        final Path directory = Directories.createTemporary("optgate-kafka-processes-");
        final SeparateProcessKafkaCluster cluster;
        try {
            final List<Integer> ports = FreePorts.loopback(2 * nodes);
            final Map<Integer, NodeLayout> layouts = new TreeMap<>();
            for (int id = 1; id <= nodes; id++) {
                final Path nodeDirectory = directory.resolve("node-" + id);
                layouts.put(id, new NodeLayout(id, ports.get(2 * (id - 1)), ports.get(2 * (id - 1) + 1),
                        nodeDirectory, nodeDirectory.resolve("server.properties"), directory.resolve("node-" + id + ".log")));
            }
            final Path loggingConfig = writeLoggingConfig(directory);
            final String clusterId = Uuid.randomUuid().toString();
            // One set for every node: the brokers log in to each other with the same credentials.
            final Map<String, String> security = brokerSecurity(user);
            for (final NodeLayout layout : layouts.values()) {
                writeServerProperties(layout, layouts, nodes, security);
                format(layout, clusterId);
            }
            cluster = new SeparateProcessKafkaCluster(directory, loggingConfig, Map.copyOf(layouts), user);
        } catch (final RuntimeException e) {
            Directories.deleteQuietly(directory);
            throw e;
        }
        cluster.stopOnJvmExit("optgate-kafka-processes-cleanup");
        try {
            cluster.layouts.values().forEach(cluster::launch);
            final Deadline deadline = Deadline.after(NODE_START_TIMEOUT);
            for (final NodeLayout layout : cluster.layouts.values()) {
                cluster.awaitListening(layout, deadline);
            }
            cluster.awaitLiveBrokers(cluster.layouts.keySet(), deadline);
            cluster.verifyProducesAndConsumes(READINESS_TIMEOUT);
        } catch (final RuntimeException e) {
            // The logs go with the cluster's directory: keep their ends in the message.
            final String logs = cluster.layouts.values().stream()
                    .map(layout -> "end of node " + layout.id() + "'s log:\n" + tail(layout.log()))
                    .collect(Collectors.joining("\n"));
            cluster.close();
            throw new IllegalStateException("Kafka cluster of " + nodes + " separate process(es) did not become ready; "
                    + logs, e);
        }
        LOG.info("Started Kafka as {} separate process(es) at {}{} in {} ms (logs in {})",
                nodes, cluster.bootstrapServers(), user.map(u -> " (SASL_PLAINTEXT/PLAIN, user " + u.user() + ")").orElse(""), (System.nanoTime() - started) / 1_000_000, directory);
        return cluster;
    }

    private static Path writeLoggingConfig(final Path directory) {
        // The broker's stdout is its log file, so everything at INFO goes there and nowhere else.
        final String logback = """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """;
        final Path config = directory.resolve("broker-logback.xml");
        try {
            Files.writeString(config, logback, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + config, e);
        }
        return config;
    }

    /**
     * The settings of the client-facing listener: PLAINTEXT, or with a user SASL_PLAINTEXT/PLAIN
     * only, the brokers among themselves logging in as a user of their own with a random password.
     */
    private static Map<String, String> brokerSecurity(final Optional<SaslPlain> user) {
        final Map<String, String> settings = new TreeMap<>();
        if (user.isEmpty()) {
            settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            settings.put("inter.broker.listener.name", "PLAINTEXT");
            return settings;
        }
        final SaslPlain broker = new SaslPlain("optgate-harness-broker", Uuid.randomUuid().toString());
        settings.put("listener.security.protocol.map", SASL_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", SASL_LISTENER);
        settings.put("sasl.enabled.mechanisms", "PLAIN");
        settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        settings.put("listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
                SaslPlain.brokerJaasConfig(broker, user.get()));
        return settings;
    }

    private static void writeServerProperties(final NodeLayout layout, final Map<Integer, NodeLayout> all, final int nodes,
                                              final Map<String, String> security) {
        final Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", Integer.toString(layout.id()));
        properties.setProperty("controller.quorum.voters", all.values().stream()
                .map(voter -> voter.id() + "@" + HOST + ":" + voter.controllerPort())
                .collect(Collectors.joining(",")));
        properties.setProperty("listeners", security.get("inter.broker.listener.name") + "://" + HOST + ":"
                + layout.brokerPort() + ",CONTROLLER://" + HOST + ":" + layout.controllerPort());
        security.forEach(properties::setProperty);
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("log.dirs", layout.directory().resolve("data").toString());
        BrokerSettings.forCluster(nodes).forEach(properties::setProperty);
        try {
            Files.createDirectories(layout.directory());
            try (OutputStream out = Files.newOutputStream(layout.properties())) {
                properties.store(out, "optgate test harness, node " + layout.id());
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + layout.properties(), e);
        }
    }

    /** Runs {@code kafka-storage.sh format} in this JVM: it only writes files, so no process is needed. */
    private static void format(final NodeLayout layout, final String clusterId) {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final String[] arguments = {"format", "--cluster-id", clusterId, "--config", layout.properties().toString()};
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            try {
                exitCode = kafka.tools.StorageTool.execute(arguments, out);
            } catch (final RuntimeException e) {
                out.println(e);
                exitCode = -1;
            }
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the storage of node " + layout.id() + " failed (exit code "
                    + exitCode + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void launch(final NodeLayout layout) {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = List.of(java,
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + loggingConfig,
                "-D" + BrokerProcessMain.CLEANUP_PROPERTY + "=" + directory,
                "-cp", absoluteClassPath(),
                BrokerProcessMain.class.getName(),
                layout.properties().toString());
        try {
            final Process process = new ProcessBuilder(command)
                    .directory(layout.directory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
                    // stdin stays a pipe from this JVM: BrokerProcessMain halts when it closes.
                    .start();
            processes.put(layout.id(), process);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start Kafka node " + layout.id(), e);
        }
    }

    /** This JVM's class path with every entry made absolute, since the broker runs in its own directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void awaitListening(final NodeLayout layout, final Deadline deadline) {
        final Process process = processes.get(layout.id());
        while (!acceptsConnections(layout.brokerPort())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka node " + layout.id() + " exited with code " + process.exitValue()
                        + " while starting; end of " + layout.log() + ":\n" + tail(layout.log()));
            }
            if (deadline.expired()) {
                throw new IllegalStateException("Kafka node " + layout.id() + " is not listening on port "
                        + layout.brokerPort() + " after " + deadline.timeout() + "; end of " + layout.log() + ":\n"
                        + tail(layout.log()));
            }
            deadline.pause();
        }
    }

    private static boolean acceptsConnections(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private void awaitLiveBrokers(final Set<Integer> expected, final Deadline deadline) {
        Set<Integer> live = liveBrokerIds(deadline);
        while (!live.containsAll(expected)) {
            if (deadline.expired()) {
                throw new IllegalStateException("Only brokers " + live + " of " + expected + " are live after "
                        + deadline.timeout() + "; logs are in " + directory);
            }
            deadline.pause();
            live = liveBrokerIds(deadline);
        }
    }

    private static String tail(final Path log) {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (final IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public String bootstrapServers() {
        return layouts.values().stream()
                .sorted((a, b) -> Integer.compare(a.id(), b.id()))
                .map(layout -> HOST + ":" + layout.brokerPort())
                .collect(Collectors.joining(","));
    }

    @Override
    public Map<String, Object> clientSecurity() {
        return user.map(SaslPlain::clientSettings).orElse(Map.of());
    }

    @Override
    public int nodeCount() {
        return layouts.size();
    }

    @Override
    public List<Integer> nodeIds() {
        return layouts.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized void killBroker(final int nodeId) {
        final NodeLayout layout = layout(nodeId);
        final Process process = processes.get(layout.id());
        if (process != null && process.isAlive()) {
            forceStop(layout.id(), process);
            LOG.info("Killed Kafka node {} (pid {})", layout.id(), process.pid());
        }
    }

    @Override
    public synchronized void restartBroker(final int nodeId) {
        final NodeLayout layout = layout(nodeId);
        killBroker(nodeId);
        launch(layout);
        final Deadline deadline = Deadline.after(NODE_START_TIMEOUT);
        awaitListening(layout, deadline);
        awaitLiveBrokers(Set.of(layout.id()), deadline);
        LOG.info("Restarted Kafka node {}", layout.id());
    }

    @Override
    public Path logFile(final int nodeId) {
        return layout(nodeId).log();
    }

    private NodeLayout layout(final int nodeId) {
        final NodeLayout layout = layouts.get(nodeId);
        if (layout == null) {
            throw new IllegalArgumentException("No Kafka node " + nodeId + "; the nodes are " + nodeIds());
        }
        return layout;
    }

    private static void forceStop(final int nodeId, final Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(PROCESS_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka node " + nodeId + " (pid " + process.pid()
                        + ") still runs " + PROCESS_EXIT_TIMEOUT + " after SIGKILL");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing Kafka node " + nodeId, e);
        }
    }

    /** Kills every node (no graceful shutdown: the data is thrown away anyway) and deletes the data. */
    @Override
    void stop() {
        final List<RuntimeException> failures = new ArrayList<>();
        processes.forEach((id, process) -> {
            try {
                forceStop(id, process);
            } catch (final RuntimeException e) {
                failures.add(e);
            }
        });
        Directories.deleteQuietly(directory);
        failures.forEach(failure -> LOG.warn("Kafka node did not stop", failure));
        LOG.info("Stopped Kafka, {} separate process(es)", layouts.size());
    }
}
