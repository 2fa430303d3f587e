package io.optgate.bench.apps;

import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.topology.ConsentTopologyOptions;
import io.optgate.platform.topics.ContractTopicLayout;
import io.optgate.platform.topics.ContractTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/** consent-streams, built by {@link ConsentStreamsApp}'s own topology and configuration methods, with default rules and options. */
public final class ConsentStreamsSubject implements Subject {

    private final ContractTopics topics;

    /** @param topics the contract topics it reads and writes (the benchmark gives it a namespace of its own) */
    public ConsentStreamsSubject(final ContractTopics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** Creates every contract topic as the apps do ({@code ContractTopicLayout}), {@code partitions} partitions when none exists. */
    public void provision(final Admin admin, final int partitions) {
        ContractTopicLayout.provision(admin, topics.names(), partitions, count -> List.of());
    }

    @Override
    public String name() {
        return "consent-streams";
    }

    @Override
    public String outputTopic() {
        return topics.consentState().name();
    }

    @Override
    public Properties config(final RunSettings settings) {
        return ConsentStreamsApp.streamsConfig(settings.commonConfig(), Optional.empty());
    }

    @Override
    public Topology topology(final Properties config) {
        return ConsentStreamsApp.topology(topics, new ConsentRules(ConsentRules.DEFAULT_MARKETING_CONFIRMATION_TTL),
                ConsentTopologyOptions.defaults(), config);
    }
}
