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
import org.apache.kafka.streams.StreamsConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

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

    /**
     * The dispatcher as it runs in production: waiting for consent-streams (application id
     * {@code consentApplicationId}) to be known current, at most {@code maxWait}, then CONSENT_STALE.
     */
    public static DispatcherApp dispatcherWatchingConsent(final RunSettings run, final int partitions, final String consentApplicationId,
                                                          final Duration maxWait) {
        return DispatcherApp.of(DispatcherConfig.from(withPartitions(run.environment(), partitions)
                .with(DispatcherConfig.CONSENT_MAX_WAIT, maxWait.toString())
                .with(DispatcherConfig.CONSENT_APPLICATION_ID, consentApplicationId)));
    }

    /** consent-streams on the contract topics themselves (the ones the dispatcher reads). */
    public static ConsentStreamsApp consentStreams(final RunSettings run, final int partitions) {
        return ConsentStreamsApp.fromEnv(withPartitions(run.environment(), partitions));
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

    /**
     * Starts the app as {@link #run(OptgateApp, ContractTopics, int, Metrics)} does, but under
     * {@code guarantee}. {@link Guarantee#AT_LEAST_ONCE} exists for the exactly-once cost curve
     * only: the apps' configuration ({@code StreamsConfigs.GUARANTEES}) enforces exactly_once_v2
     * whatever {@code KAFKA_*} says, and this override is applied here, to the built
     * configuration, where no environment variable reaches.
     */
    public static RunningApp run(final OptgateApp app, final ContractTopics topics, final int partitions, final Metrics metrics,
                                 final Guarantee guarantee) {
        final StreamsApp streams = guarantee.applyTo(streams(app, topics, partitions, metrics));
        final List<AppComponent> side = app instanceof DispatcherApp dispatcher ? dispatcher.consentProgress().stream().toList() : List.of();
        return RunningApp.start(streams, side);
    }

    /** The processing guarantee a benchmark run uses. */
    public enum Guarantee {
        /** What the apps always run with. */
        EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
        /** For measuring what exactly-once costs; never what an app runs with. */
        AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

        private final String config;

        Guarantee(final String config) {
            this.config = config;
        }

        /** {@code processing.guarantee} as Kafka spells it. */
        public String config() {
            return config;
        }

        StreamsApp applyTo(final StreamsApp app) {
            final Properties config = app.config();
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, this.config);
            return new StreamsApp(app.name(), app.topology(), config);
        }
    }

    private static Env withPartitions(final Env env, final int partitions) {
        return env.with(CommonConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
    }
}
