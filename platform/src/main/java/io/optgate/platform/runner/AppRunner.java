package io.optgate.platform.runner;

import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs one {@link OptgateApp}, the same way for {@code main} ({@link AppMain}), local mode and tests:
 * provisions its topics, builds its Streams configuration ({@link StreamsConfigs#forApp}: one policy
 * for every app) and its topology, creates its {@link StreamsRunner} and its parts; then
 * {@link #start()} starts the streams and then the components, and {@link #close()} closes the
 * components in reverse order and then the streams. Serving {@link #routes()} is the caller's: one
 * process may serve several apps on one port.
 *
 * <pre>{@code
 * AppRunner consent = AppRunner.create(ConsentStreamsApp.fromEnv(env), metrics);
 * HttpApi.builder().routes(consent.routes()).routes(OpsRoutes.create(metrics, consent.healthChecks()))...
 * consent.start();
 * }</pre>
 */
public final class AppRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppRunner.class);

    private final OptgateApp app;
    private final StreamsRunner streams;
    private final AppParts parts;
    private final int partitions;

    private AppRunner(final OptgateApp app, final StreamsRunner streams, final AppParts parts, final int partitions) {
        this.app = app;
        this.streams = streams;
        this.parts = parts;
        this.partitions = partitions;
    }

    /**
     * Provisions the app's topics and builds everything; starts nothing. The Schema Registry is the
     * one the app's configuration names ({@code SCHEMA_REGISTRY_URL}).
     *
     * @throws TopicsNotUsableException when existing topics cannot be used
     * @throws IllegalArgumentException when the configuration names no Schema Registry
     */
    public static AppRunner create(final OptgateApp app, final Metrics metrics) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(metrics, "metrics");
        final String registry = app.common().schemaRegistryUrl()
                .orElseThrow(() -> new IllegalArgumentException(app.name() + " has no Schema Registry URL")).toString();
        final int partitions = provision(app);
        LOG.info("{}: topics ready with {} partitions", app.name(), partitions);
        final AppContext context = new AppContext(new ContractTopics(app.topicNames(), AvroSerdes.forUrl(registry)),
                partitions, metrics, Clock.systemUTC());
        final StreamsRunner streams = StreamsRunner.builder(streamsApp(app, context)).metrics(metrics).build();
        final AppParts parts;
        try {
            parts = app.parts(context, streams);
        } catch (final RuntimeException e) {
            streams.close();
            throw e;
        }
        return new AppRunner(app, streams, parts, partitions);
    }

    /**
     * The app's topology and configuration, as the runner runs them (benchmarks run this with their
     * own measuring harness).
     */
    public static StreamsApp streamsApp(final OptgateApp app, final AppContext context) {
        final Properties config = streamsConfig(app);
        final StreamsBuilder builder = new StreamsBuilder();
        app.buildTopology(builder, context);
        return new StreamsApp(app.name(), builder.build(config), config);
    }

    /** The Streams configuration the app runs with. */
    public static Properties streamsConfig(final OptgateApp app) {
        return StreamsConfigs.forApp(app.applicationId(), app.common(), app.streamsDefaults(), app.streamsInvariants());
    }

    private static int provision(final OptgateApp app) {
        try (Admin admin = Admin.create(app.common().kafka().adminSettings())) {
            return app.provisionTopics(admin);
        } catch (final IllegalStateException e) {
            throw new TopicsNotUsableException(app.name(), e);
        }
    }

    /** Starts the streams, then the components (returns at once; watch {@link #healthChecks()}). */
    public AppRunner start() {
        streams.start();
        try {
            parts.components().forEach(AppComponent::start);
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("{}: started with {} component(s)", app.name(), parts.components().size());
        return this;
    }

    /** The app's name. */
    public String name() {
        return app.name();
    }

    /** The app being run. */
    public OptgateApp app() {
        return app;
    }

    /** The app's HTTP routes (not {@code /health} or {@code /metrics}: one set per process). */
    public Routes routes() {
        return parts.routes();
    }

    /** The streams' health, then every component's. */
    public List<HealthCheck> healthChecks() {
        final List<HealthCheck> checks = new ArrayList<>();
        checks.add(streams);
        parts.components().forEach(component -> checks.addAll(component.healthChecks()));
        return List.copyOf(checks);
    }

    /** The first failure of a component that stopped by itself, if any. */
    public Optional<Throwable> failure() {
        return parts.components().stream().map(AppComponent::failure).flatMap(Optional::stream).findFirst();
    }

    /** The streams runner: state, interactive queries, termination. */
    public StreamsRunner streams() {
        return streams;
    }

    /** The partition count the topics were provisioned with. */
    public int partitions() {
        return partitions;
    }

    /** Closes the components (in reverse order), then the streams. Idempotent. */
    @Override
    public void close() {
        final List<AppComponent> components = parts.components();
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (final RuntimeException e) {
                LOG.warn("{}: a component failed to close: {}", app.name(), Objects.toString(e.getMessage(), e.getClass().getName()));
            }
        }
        streams.close();
    }
}
