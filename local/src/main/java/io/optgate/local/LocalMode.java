package io.optgate.local;

import io.optgate.local.broker.EmbeddedKafka;
import io.optgate.local.progress.DispatchProgress;
import io.optgate.local.progress.ProgressLine;
import io.optgate.local.progress.ProgressSnapshot;
import io.optgate.local.progress.Terminal;
import io.optgate.local.registry.ContractSchemas;
import io.optgate.local.registry.PersistentSchemas;
import io.optgate.local.registry.RegistryRoutes;
import io.optgate.local.traffic.SampleTraffic;
import io.optgate.local.traffic.SampleTrafficGenerator;
import io.optgate.local.traffic.SampleWorld;
import io.optgate.local.web.LocalRoutes;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.HttpApi;
import io.optgate.platform.console.ConsoleRoutes;
import io.optgate.platform.http.OpsRoutes;
import io.optgate.platform.http.Route;
import io.optgate.platform.http.Routes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Everything of local mode in one process, started in order and stopped in reverse: the embedded
 * broker (unless {@code KAFKA_BOOTSTRAP_SERVERS} names a cluster), the in-process registry with its
 * ids restored, each app, one HTTP server for every path, the progress line and the sample traffic.
 */
public final class LocalMode implements AutoCloseable {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(LocalMode.class);

    private final LocalConfig config;
    private final Env env;
    private final Terminal terminal;
    private final List<Function<Env, OptgateApp>> apps;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "local-ticker");
        t.setDaemon(true);
        return t;
    });

    private EmbeddedKafka broker;
    private PersistentSchemas schemas;
    private Metrics metrics;
    private final List<AppRunner> runners = new ArrayList<>();
    private final List<Routes> served = new ArrayList<>();
    private HttpApi http;
    private DispatchProgress progress;
    private SampleTrafficGenerator generator;
    private String bootstrap;
    private boolean closed;
    private boolean reportedReady;

    /**
     * @param config   local mode's settings
     * @param env      the environment the apps read (local mode adds the broker and registry to it)
     * @param terminal where the banner and progress go
     * @param apps     the apps to run, in start order, each made from local mode's environment
     */
    public LocalMode(final LocalConfig config, final Env env, final Terminal terminal, final List<Function<Env, OptgateApp>> apps) {
        this.config = config;
        this.env = env;
        this.terminal = terminal;
        this.apps = List.copyOf(apps);
    }

    /** Starts everything; on failure, stops what was started and rethrows. */
    public synchronized void start() throws Exception {
        final long begin = System.nanoTime();
        try {
            Files.createDirectories(config.dataDir());
            if (config.externalKafka().isPresent()) {
                bootstrap = config.externalKafka().get();
            } else {
                broker = EmbeddedKafka.start(config.dataDir(), config.kafkaPort());
                bootstrap = broker.bootstrapServers();
            }
            final String registryUrl = config.externalRegistry().orElse(LocalConfig.IN_PROCESS_REGISTRY);
            if (config.externalRegistry().isEmpty()) {
                schemas = PersistentSchemas.restore(schemaFile(), SchemaRegistryClients.forUrl(registryUrl));
                schemas.registerAll(ContractSchemas.all());
            }
            Env appEnv = env.with(CommonConfig.BOOTSTRAP_SERVERS, bootstrap)
                    .with(CommonConfig.SCHEMA_REGISTRY_URL, registryUrl)
                    .with(CommonConfig.DATA_DIR, config.dataDir().toString())
                    .with(CommonConfig.HTTP_PORT, Integer.toString(config.httpPort()));
            appEnv = withLocalDefaults(appEnv);
            metrics = Metrics.prometheus();
            for (final Function<Env, OptgateApp> app : apps) {
                final AppRunner runner = AppRunner.create(app.apply(appEnv), metrics);
                runners.add(runner);
                runner.start();
            }
            final ContractTopics topics = new ContractTopics(TopicNames.fromEnv(appEnv.asMap()), AvroSerdes.forUrl(registryUrl));
            progress = new DispatchProgress(bootstrap, topics, clock).start();
            final SampleWorld world;
            if (config.sampleTraffic()) {
                generator = new SampleTrafficGenerator(bootstrap, topics, config.dataDir(), clock);
                world = generator.world();
            } else {
                world = new SampleWorld(List.of());
            }
            final ApiKeys keys = CommonConfig.from(appEnv).apiKeys();
            runners.forEach(runner -> served.add(runner.routes()));
            served.add(OpsRoutes.create(metrics, healthChecks()));
            served.add(ConsoleRoutes.create());
            served.add(LocalRoutes.create(progress, examples(world), keys.enabled()));
            if (schemas != null) {
                served.add(RegistryRoutes.create(SchemaRegistryClients.forUrl(registryUrl)));
            }
            final HttpApi.Builder server = HttpApi.builder().port(config.httpPort()).apiKeys(keys);
            served.forEach(server::routes);
            http = server.build().start();
            if (generator != null) {
                generator.start();
            }
            banner(begin, keys.enabled());
            ticker.scheduleAtFixedRate(this::tick, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** The HTTP server's base URI, e.g. {@code http://127.0.0.1:8080}. */
    public synchronized String httpBase() {
        return http.baseUri().toString();
    }

    /** The Kafka bootstrap servers in use. */
    public synchronized String bootstrapServers() {
        return bootstrap;
    }

    /** Stops the generator, the HTTP server, the apps (each within its close timeout), then the broker. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        final long begin = System.nanoTime();
        terminal.endStatus();
        ticker.shutdownNow();
        closeQuietly("sample traffic", generator);
        if (http != null) {
            http.stop(Duration.ofSeconds(2));
        }
        for (int i = runners.size() - 1; i >= 0; i--) {
            final AppRunner runner = runners.get(i);
            try {
                runner.close();
            } catch (final RuntimeException e) {
                LOG.warn("{} did not close cleanly: {}", runner.name(), e.toString());
            }
        }
        closeQuietly("progress", progress);
        if (schemas != null) {
            try {
                schemas.sync();
            } catch (final RuntimeException e) {
                LOG.warn("schema ids not saved: {}", e.toString());
            }
        }
        closeQuietly("metrics", metrics);
        closeQuietly("broker", broker);
        if (http != null) {
            terminal.println(String.format(Locale.ROOT, "optgate local mode stopped in %.1f s; data kept in %s",
                    (System.nanoTime() - begin) / 1e9, config.dataDir()));
        }
        stopped.countDown();
    }

    private void tick() {
        try {
            if (schemas != null) {
                schemas.sync();
            }
            final ProgressSnapshot now = progress.snapshot();
            terminal.status(ProgressLine.format(previous == null ? now : previous, now));
            previous = now;
            if (!reportedReady && healthChecks().stream().allMatch(c -> c.status().up())) {
                reportedReady = true;
                final double sinceJvm = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
                terminal.println(String.format(Locale.ROOT, "ready: every app is RUNNING, %.1f s after the JVM started", sinceJvm));
            }
        } catch (final RuntimeException e) {
            LOG.warn("progress line: {}", e.toString());
        }
    }

    private ProgressSnapshot previous;

    private List<HealthCheck> healthChecks() {
        final List<HealthCheck> checks = new ArrayList<>();
        runners.forEach(runner -> checks.addAll(runner.healthChecks()));
        return checks;
    }

    private void banner(final long begin, final boolean authOn) {
        final String kafka = broker == null
                ? bootstrap + " (external, KAFKA_BOOTSTRAP_SERVERS)"
                : bootstrap + " (embedded KRaft, " + (broker.resumed() ? "resumed" : "new") + " cluster " + broker.clusterId() + ")";
        final boolean sid = env.optional("TWILIO_ACCOUNT_SID").isPresent();
        final boolean token = env.optional("TWILIO_AUTH_TOKEN").isPresent();
        final String twilio = sid && token ? "live: texts are sent through Twilio; webhooks check signatures"
                : token ? "dry run: nothing is sent (no TWILIO_ACCOUNT_SID); webhooks check signatures with TWILIO_AUTH_TOKEN"
                : "dry run: nothing is sent and webhooks refuse all (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)";
        final String url = "http://localhost:" + http.port();
        terminal.println("");
        terminal.println("optgate local mode");
        terminal.println("  Kafka     " + kafka);
        terminal.println("  Registry  " + (schemas == null ? config.externalRegistry().orElseThrow() + " (external)"
                : "in-process, also at http://" + (authOn ? "registry:<support key>@" : "") + "localhost:" + http.port()
                + " for other processes; ids kept in " + schemaFile()));
        terminal.println("  Apps      " + (runners.isEmpty() ? "none" : String.join(", ", runners.stream().map(AppRunner::name).toList())));
        terminal.println("  HTTP      " + url + "   (page " + url + "/, staff console " + url + "/console, API " + url + "/v1/..., " + url + "/health, " + url + "/metrics)");
        terminal.println("  Auth      " + (authOn ? "bearer keys from OPTGATE_API_KEYS; listening on every interface"
                : "off (OPTGATE_API_KEYS unset); listening on 127.0.0.1 only"));
        terminal.println("  Twilio    " + twilio);
        terminal.println("  Traffic   " + (generator == null ? "off (OPTGATE_SAMPLE_TRAFFIC=off)"
                : String.format(Locale.ROOT, "sample practices: %d practices, %,d clients, ~%d requests/s (OPTGATE_SAMPLE_TRAFFIC=off to stop)",
                        generator.world().practices().size(), generator.world().clientCount(), SampleTraffic.REQUESTS_PER_SECOND)));
        terminal.println("  Data      " + config.dataDir() + "   (logs in " + config.dataDir().resolve("logs") + ")");
        terminal.println(String.format(Locale.ROOT, "  Started in %.1f s. Ctrl-C stops; a second start resumes from the data directory.",
                (System.nanoTime() - begin) / 1e9));
        terminal.println("");
    }

    /**
     * The apps leave their consumer groups on a clean stop, but a local process that was killed
     * did not: the next start of the same app waits for the old member's session to time out
     * before it gets partitions. In one process that restarts as a whole, the broker's minimum
     * session makes that wait short. Variables the user set win.
     */
    static Env withLocalDefaults(final Env env) {
        Env out = env;
        for (final Map.Entry<String, String> e : Map.of(
                "KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000",
                "KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1500").entrySet()) {
            if (env.optional(e.getKey()).isEmpty()) {
                out = out.with(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private Path schemaFile() {
        return config.dataDir().resolve("schema-registry.jsonl");
    }

    private static List<Map<String, String>> examples(final SampleWorld world) {
        final List<Map<String, String>> examples = new ArrayList<>();
        for (final SampleWorld.Practice practice : world.practices()) {
            practice.clients().stream().limit(2).forEach(c -> examples.add(Map.of("tenantId", practice.tenantId(), "clientId", c.clientId())));
        }
        return examples;
    }

    private static void closeQuietly(final String what, final AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (final Exception e) {
            LOG.warn("{} did not close cleanly: {}", what, e.toString());
        }
    }

    /** For tests: the apps that are running. */
    synchronized List<AppRunner> apps() {
        return List.copyOf(runners);
    }

    /** For tests: every route the HTTP server serves. */
    synchronized List<Route> routes() {
        return served.stream().flatMap(group -> group.asList().stream()).toList();
    }

    /** For tests. */
    synchronized Optional<EmbeddedKafka> broker() {
        return Optional.ofNullable(broker);
    }
}
