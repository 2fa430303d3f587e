package io.optgate.dispatcher.app;

import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.dispatcher.progress.ConsentClockRunner;
import io.optgate.dispatcher.twilio.TwilioEdge;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.runner.AppContext;
import io.optgate.platform.runner.AppParts;
import io.optgate.platform.runner.AppRunner;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The dispatcher as an optgate app ({@link OptgateApp}): its configuration ({@link DispatcherConfig},
 * Twilio's included), its topics ({@link DispatcherTopics}), its topology ({@link DispatcherTopology}
 * and the Twilio edge's delivery-status gate) and its parts ({@link Dispatcher}: the messages and
 * stats APIs, the SMS sender and the webhooks). {@link io.optgate.platform.runner.AppRunner} runs it;
 * {@link DispatcherMain} is one line.
 */
public final class DispatcherApp implements OptgateApp {

    /** Name in logs, health and metrics. */
    public static final String NAME = "dispatcher";
    /** Default {@code application.id}: consumer group and prefix of internal topics and stores. */
    public static final String APPLICATION_ID = "optgate-dispatcher";

    /**
     * The global stores (practice settings, phone state) restore at every start; with the
     * consumer's default 500 ms fetch wait, 100 settings records took 1.5 s (docs/BENCHMARKS.md).
     */
    private static final Map<String, Object> DEFAULTS =
            Map.of(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
    /**
     * On top of the platform's guarantees: {@code reuse.ktable.source.topics} for source tables (the
     * consent store deliberately keeps its own changelog, see docs/dispatcher.md).
     */
    private static final Map<String, Object> INVARIANTS =
            Map.of(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);

    private final DispatcherConfig config;
    private final boolean twilioEdge;
    private Optional<ConsentClockRunner> consentProbe = Optional.empty();

    private DispatcherApp(final DispatcherConfig config, final boolean twilioEdge) {
        this.config = Objects.requireNonNull(config, "config");
        this.twilioEdge = twilioEdge;
    }

    /**
     * Reads and validates every dispatcher variable, Twilio's included.
     *
     * @throws io.optgate.platform.config.ConfigException naming every invalid variable at once
     */
    public static DispatcherApp fromEnv(final Env env) {
        return of(DispatcherConfig.from(env));
    }

    /** The dispatcher with its Twilio edge (the sender runs dry without Twilio credentials). */
    public static DispatcherApp of(final DispatcherConfig config) {
        return new DispatcherApp(config, true);
    }

    /**
     * The dispatcher without its Twilio edge: decisions and the APIs, no sender, no webhooks, no
     * delivery-status gate (tests that read the outbound topics themselves).
     */
    public static DispatcherApp withoutTwilioEdge(final DispatcherConfig config) {
        return new DispatcherApp(config, false);
    }

    /**
     * The Streams configuration ({@link StreamsConfigs#forApp}: the platform's guarantees, which
     * {@code KAFKA_*} cannot weaken, and unreadable input sent to {@code <topic>.dlq}), with
     * {@code topology.optimization=reuse.ktable.source.topics} always set.
     */
    public static Properties streamsConfig(final CommonConfig common) {
        return StreamsConfigs.forApp(APPLICATION_ID, common, DEFAULTS, INVARIANTS);
    }

    /** The validated configuration. */
    public DispatcherConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String applicationId() {
        return APPLICATION_ID;
    }

    @Override
    public CommonConfig common() {
        return config.common();
    }

    @Override
    public TopicNames topicNames() {
        return config.topics();
    }

    @Override
    public int provisionTopics(final Admin admin) {
        return DispatcherTopics.provision(admin, config);
    }

    @Override
    public Map<String, Object> streamsDefaults() {
        return DEFAULTS;
    }

    @Override
    public Map<String, Object> streamsInvariants() {
        return INVARIANTS;
    }

    /**
     * Builds the topology with the consent progress probe wired into the judge (the probe is one of
     * the {@link #parts}; {@code OPTGATE_CONSENT_MAX_WAIT=off}: none).
     */
    @Override
    public void buildTopology(final StreamsBuilder builder, final AppContext context) {
        consentProbe = ConsentProgressWiring.probe(config,
                AppRunner.streamsConfig(this).getProperty(StreamsConfig.APPLICATION_ID_CONFIG), context.partitions());
        final DispatchTuning tuning = ConsentProgressWiring.waitingFor(config, consentProbe).tuning();
        DispatcherTopology.build(builder, context.topics(), tuning, context.partitions());
        if (twilioEdge) {
            TwilioEdge.addGateTo(builder, context.topics());
        }
    }

    /**
     * The consent progress probe of the topology built last, as a component to start once the
     * streams run (for harnesses that run the topology without {@link #parts}, such as the
     * benchmarks); empty when switched off.
     */
    public Optional<AppComponent> consentProgress() {
        return consentProbe.map(probe -> ConsentProgressWiring.component(probe, config.consentWatch().maxWait().orElseThrow()));
    }

    @Override
    public AppParts parts(final AppContext context, final StreamsRunner streams) {
        final AppParts parts = Dispatcher.parts(config, context, streams, twilioEdge,
                consentProbe.<ConsentApplied>map(probe -> probe).orElse(ConsentApplied.UNWATCHED));
        if (consentProbe.isEmpty()) {
            return parts;
        }
        final List<AppComponent> components = new ArrayList<>();
        components.add(consentProgress().orElseThrow());
        components.addAll(parts.components());
        return new AppParts(parts.routes(), components);
    }
}
