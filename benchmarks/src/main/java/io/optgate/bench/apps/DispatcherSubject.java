package io.optgate.bench.apps;

import io.optgate.platform.config.CommonConfig;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.app.DispatcherExtensions;
import io.optgate.dispatcher.app.DispatcherTopics;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.platform.config.Env;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The dispatcher as {@code DispatcherMain} runs it: {@link DispatcherApp#topology} with the standard
 * extensions and {@link DispatcherApp#streamsConfig}, with {@link DispatchTuning#DEFAULTS} or
 * another grace period.
 */
public final class DispatcherSubject implements Subject {

    private final ContractTopics topics;
    private final DispatchTuning tuning;
    private final int partitions;

    /**
     * @param topics the contract topics
     * @param grace  the grace period, or empty for the dispatcher's default
     * @param partitions the partitions {@link #provision} gave the topics
     */
    public DispatcherSubject(final ContractTopics topics, final Optional<Duration> grace, final int partitions) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.partitions = partitions;
        this.tuning = grace.map(DispatchTuning.DEFAULTS::withGrace).orElse(DispatchTuning.DEFAULTS);
    }

    /** The dispatcher's own configuration builder with {@code settings} as {@code KAFKA_*} settings; also the pass-through's. */
    public static Properties streamsConfig(final RunSettings settings) {
        return DispatcherApp.streamsConfig(settings.commonConfig());
    }

    /**
     * Creates every topic the dispatcher (with its standard extensions) reads or writes, the way it
     * does at start-up ({@code DispatcherTopics.provision}), with {@code partitions} partitions.
     */
    public static void provision(final Admin admin, final RunSettings settings, final int partitions) {
        final Env env = settings.environment().with(CommonConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
        DispatcherTopics.provision(admin, DispatcherConfig.from(env), DispatcherExtensions.standard());
    }

    /** The grace period this instance runs with. */
    public Duration grace() {
        return tuning.grace();
    }

    @Override
    public String name() {
        return "dispatcher";
    }

    @Override
    public String outputTopic() {
        return topics.dispatchDecisions().name();
    }

    @Override
    public Properties config(final RunSettings settings) {
        return streamsConfig(settings);
    }

    @Override
    public Topology topology(final Properties config) {
        return DispatcherApp.topology(topics, tuning, partitions, DispatcherExtensions.standard(), config);
    }
}
