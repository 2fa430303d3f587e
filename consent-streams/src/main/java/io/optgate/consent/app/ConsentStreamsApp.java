package io.optgate.consent.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.optgate.consent.http.ConsentApi;
import io.optgate.consent.http.KafkaConsentPublisher;
import io.optgate.consent.http.StoreAccess;
import io.optgate.consent.numbers.PhonePracticesTopology;
import io.optgate.consent.numbers.SendingNumberTopology;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.topology.ConsentTopology;
import io.optgate.consent.topology.ConsentTopologyOptions;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.query.InteractiveQueries;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.runner.AppContext;
import io.optgate.platform.runner.AppParts;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * consent-streams as an optgate app ({@link OptgateApp}): its configuration ({@link ConsentConfig}),
 * its topics ({@link ConsentTopics}), its topology (consent, sending numbers, phone practices) and
 * the consent API with the producer it publishes through.
 * {@link io.optgate.platform.runner.AppRunner} runs it; {@link ConsentStreamsMain} is one line.
 */
public final class ConsentStreamsApp implements OptgateApp {

    /** The app's name in logs, health and metrics. */
    public static final String NAME = "consent-streams";
    /** The default {@code application.id} (override with {@code KAFKA_APPLICATION_ID}). */
    public static final String APPLICATION_ID = "optgate-consent-streams";

    private final ConsentConfig config;

    /** @param config the validated configuration */
    public ConsentStreamsApp(final ConsentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Reads and validates every consent-streams variable.
     *
     * @throws io.optgate.platform.config.ConfigException naming every invalid variable at once
     */
    public static ConsentStreamsApp fromEnv(final Env env) {
        return new ConsentStreamsApp(ConsentConfig.from(env));
    }

    /**
     * The Kafka Streams configuration ({@link StreamsConfigs#forApp}: state under the data dir, the
     * platform's guarantees, exactly-once v2 and explicit names for every internal topic and store,
     * which {@code KAFKA_*} cannot weaken, and unreadable records dead-lettered to {@code <topic>.dlq}),
     * {@code application.id} {@value #APPLICATION_ID}; other {@code KAFKA_*} variables win (e.g.
     * {@code KAFKA_APPLICATION_ID}, {@code KAFKA_APPLICATION_SERVER}, {@code KAFKA_NUM_STREAM_THREADS}).
     */
    public static Properties streamsConfig(final CommonConfig common) {
        return StreamsConfigs.forApp(APPLICATION_ID, common, Map.of(), Map.of());
    }

    /** The consent topology over {@code topics}, counting consent changes in {@code meters} (tests call this too). */
    public static Topology topology(final ContractTopics topics, final ConsentRules rules, final ConsentTopologyOptions options,
                                    final Properties streamsConfig, final MeterRegistry meters) {
        final StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, rules, options, meters);
        return builder.build(streamsConfig);
    }

    private static void addTo(final StreamsBuilder builder, final ContractTopics topics, final ConsentRules rules,
                              final ConsentTopologyOptions options, final MeterRegistry meters) {
        ConsentTopology.build(builder, topics, rules, options, meters);
        SendingNumberTopology.build(builder, topics);
        PhonePracticesTopology.build(builder, topics);
    }

    /** The validated configuration. */
    public ConsentConfig config() {
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
        return ConsentTopics.provision(admin, config);
    }

    @Override
    public void buildTopology(final StreamsBuilder builder, final AppContext context) {
        addTo(builder, context.topics(), config.rules(), config.topologyOptions(), context.metrics().registry());
    }

    /** The consent API's routes, and the producer its PUTs publish through. */
    @Override
    public AppParts parts(final AppContext context, final StreamsRunner streams) {
        final KafkaConsentPublisher publisher = KafkaConsentPublisher.create(config.common().kafka(), context.topics());
        final ConsentApi api = new ConsentApi(InteractiveQueries.forStreams(streams.streams(), streams.applicationServer()),
                StoreAccess.of(streams.streams()), publisher, config.rules(), config.putTimeout(), context.clock());
        return new AppParts(api.routes(), List.of(AppComponent.closing(publisher)));
    }
}
