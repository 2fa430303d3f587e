package io.optgate.faults;

import io.optgate.testing.FreePorts;
import io.optgate.testing.KafkaClusters;
import io.optgate.testing.ProcessKafkaCluster;
import io.optgate.testing.twilio.TwilioMessagesStandIn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a fault run needs, on loopback: three broker processes (replication factor 3,
 * {@code min.insync.replicas} 2), a Schema Registry, the Twilio stand-in, and two consent-streams
 * and two dispatcher processes from the apps' runnable jars, configured only through their
 * documented environment variables.
 */
final class FaultCluster implements AutoCloseable {

    static final String ACCOUNT_SID = "AC" + "f".repeat(32);
    static final String AUTH_TOKEN = "faults-auth-token";
    static final String MESSAGING_SERVICE_SID = "MG" + "a".repeat(32);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final ProcessKafkaCluster kafka;
    private final RegistryServer registry;
    private final TwilioMessagesStandIn twilio;
    private final Optional<ClusterSecurity> security;
    private final List<AppProcess> consentStreams = new ArrayList<>();
    private final List<AppProcess> dispatchers = new ArrayList<>();

    private FaultCluster(final ProcessKafkaCluster kafka, final RegistryServer registry, final TwilioMessagesStandIn twilio,
                         final Optional<ClusterSecurity> security) {
        this.kafka = kafka;
        this.registry = registry;
        this.twilio = twilio;
        this.security = security;
    }

    /** Starts the brokers, the registry, the stand-in, then both consent-streams and both dispatchers. */
    static FaultCluster start(final Path output) {
        return start(output, 2, Optional.empty());
    }

    /**
     * One consent-streams and one dispatcher, the brokers' client listener on SASL/PLAIN only and the
     * registry behind basic auth; the apps get the credentials only through their documented
     * variables (docs/RELIABILITY.md, "Security pass-through").
     */
    static FaultCluster startSecured(final Path output, final ClusterSecurity security) {
        return start(output, 1, Optional.of(security));
    }

    private static FaultCluster start(final Path output, final int instances, final Optional<ClusterSecurity> security) {
        final ProcessKafkaCluster kafka = security
                .map(credentials -> KafkaClusters.separateProcesses(3, credentials.kafka()))
                .orElseGet(() -> KafkaClusters.separateProcesses(3));
        final RegistryServer registry = security
                .map(credentials -> RegistryServer.withBasicAuth(credentials.registryUser(), credentials.registryPassword()))
                .orElseGet(RegistryServer::open);
        final List<Integer> ports = FreePorts.loopback(1 + 2 * instances);
        final TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(ACCOUNT_SID, AUTH_TOKEN, ports.get(0));
        final FaultCluster cluster = new FaultCluster(kafka, registry, twilio, security);
        try {
            // A run starts from nothing: state directories of an earlier run belong to another cluster.
            deleteRecursively(output);
            Files.createDirectories(output);
            for (int i = 0; i < instances; i++) {
                final int consentPort = ports.get(1 + i);
                final int dispatcherPort = ports.get(1 + instances + i);
                cluster.consentStreams.add(new AppProcess("consent-streams-" + (i + 1), jar("consent-streams"),
                        cluster.consentStreamsEnv(consentPort, output.resolve("consent-streams-" + (i + 1))),
                        consentPort, output.resolve("consent-streams-" + (i + 1) + ".log")));
                cluster.dispatchers.add(new AppProcess("dispatcher-" + (i + 1), jar("dispatcher"),
                        cluster.dispatcherEnv(dispatcherPort, output.resolve("dispatcher-" + (i + 1))),
                        dispatcherPort, output.resolve("dispatcher-" + (i + 1) + ".log")));
            }
            // consent-streams first: it creates consent.phone-events, which the dispatcher's sender writes to.
            cluster.consentStreams.forEach(AppProcess::start);
            cluster.consentStreams.forEach(app -> app.awaitHealthy(START_TIMEOUT));
            cluster.dispatchers.forEach(AppProcess::start);
            cluster.dispatchers.forEach(app -> app.awaitHealthy(START_TIMEOUT));
        } catch (final IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static void deleteRecursively(final Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Path jar(final String app) {
        final String property = "optgate.faults." + app + ".jar";
        final String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException(property + " is not set: run the suite through Maven (docs/RELIABILITY.md)");
        }
        return Path.of(path);
    }

    private Map<String, String> common(final int httpPort, final Path dataDir) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", registryUrl());
        security.ifPresent(credentials -> env.putAll(credentials.kafkaVariables()));
        env.put("OPTGATE_HTTP_PORT", Integer.toString(httpPort));
        env.put("OPTGATE_PUBLIC_URL", "http://127.0.0.1:" + httpPort);
        env.put("OPTGATE_DATA_DIR", dataDir.toString());
        env.put("KAFKA_APPLICATION_SERVER", "127.0.0.1:" + httpPort);
        return env;
    }

    private Map<String, String> consentStreamsEnv(final int httpPort, final Path dataDir) {
        final Map<String, String> env = common(httpPort, dataDir);
        // Kafka Streams deletes repartition records once committed; ConsentReplayCheck replays them
        // after the run, in the order consent-streams read them, so they are kept (never purged).
        env.put("KAFKA_REPARTITION_PURGE_INTERVAL_MS", Long.toString(Long.MAX_VALUE));
        return env;
    }

    private Map<String, String> dispatcherEnv(final int httpPort, final Path dataDir) {
        final Map<String, String> env = common(httpPort, dataDir);
        env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        env.put("TWILIO_MESSAGING_SERVICE_SID", MESSAGING_SERVICE_SID);
        env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
        env.put("TWILIO_MAX_MPS", "400");
        env.put("TWILIO_MAX_CONCURRENCY", "8");
        // The run texts each client many times a day; the frequency cap is not what it tests.
        env.put("OPTGATE_MARKETING_CAP", "off");
        return env;
    }

    ProcessKafkaCluster kafka() {
        return kafka;
    }

    RegistryServer registry() {
        return registry;
    }

    TwilioMessagesStandIn twilio() {
        return twilio;
    }

    List<AppProcess> consentStreams() {
        return consentStreams;
    }

    List<AppProcess> dispatchers() {
        return dispatchers;
    }

    /** Every app process, dispatchers first (they stop before what they read from). */
    List<AppProcess> apps() {
        final List<AppProcess> all = new ArrayList<>(dispatchers);
        all.addAll(consentStreams);
        return all;
    }

    /** The security settings of the test's own Kafka clients: none, or the secured run's SASL login. */
    Map<String, Object> clientSecurity() {
        return kafka.clientSecurity();
    }

    /** The registry's URL, with the secured run's basic-auth user info: for the apps and the test's own serdes. */
    String registryUrl() {
        return security.map(credentials -> registry.url(credentials.registryUser(), credentials.registryPassword()))
                .orElseGet(registry::url);
    }

    @Override
    public void close() {
        apps().forEach(AppProcess::close);
        twilio.close();
        registry.close();
        kafka.close();
    }
}
