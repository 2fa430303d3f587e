package io.optgate.bench.apps;

import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.runner.AppContext;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The apps under test, each read from the environment an operator would give it for a run
 * ({@link RunSettings#environment}) by its own {@code fromEnv}, and built into Kafka Streams by
 * the platform's runner ({@link AppRunner#streamsApp}): the topology and configuration the apps'
 * mains run.
 */
public final class BenchApps {

    private BenchApps() {
    }

    /** The dispatcher with its Twilio edge's topology (the sender does not run), with its default grace or {@code grace}. */
    public static DispatcherApp dispatcher(final RunSettings run, final int partitions, final Optional<Duration> grace) {
        // No consent-streams runs in these phases: consent.state is pre-loaded, so nothing would
        // ever make the consent progress probe current (docs/BENCHMARKS.md says what this leaves out).
        final DispatcherConfig read = DispatcherConfig.from(withPartitions(run.environment(), partitions)
                .with(DispatcherConfig.CONSENT_MAX_WAIT, "off"));
        return DispatcherApp.of(read.withTuning(grace.map(read.tuning()::withGrace).orElse(read.tuning())));
    }

    /** consent-streams on the topics named with {@code namespace} (a copy of the contract topics of its own). */
    public static ConsentStreamsApp consentStreams(final RunSettings run, final int partitions, final String namespace) {
        Env env = withPartitions(run.environment(), partitions);
        for (final Map.Entry<String, String> variable : TopicNames.prefixedVariables(namespace).entrySet()) {
            env = env.with(variable.getKey(), variable.getValue());
        }
        return ConsentStreamsApp.fromEnv(env);
    }

    /**
     * The app's topology over {@code topics} (the benchmark's serdes, on its registry client) and its
     * configuration, as {@link AppRunner} builds them.
     */
    public static StreamsApp streams(final OptgateApp app, final ContractTopics topics, final int partitions, final Metrics metrics) {
        return AppRunner.streamsApp(app, new AppContext(topics, partitions, metrics, Clock.systemUTC()));
    }

    /**
     * Starts the app's topology over {@code topics} as {@link #streams} builds it, with the side
     * components its topology depends on (the dispatcher's consent progress probe, which its judge waits for).
     */
    public static RunningApp run(final OptgateApp app, final ContractTopics topics, final int partitions, final Metrics metrics) {
        final StreamsApp streams = streams(app, topics, partitions, metrics);
        final List<AppComponent> side = app instanceof DispatcherApp dispatcher ? dispatcher.consentProgress().stream().toList() : List.of();
        return RunningApp.start(streams, side);
    }

    private static Env withPartitions(final Env env, final int partitions) {
        return env.with(CommonConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
    }
}
