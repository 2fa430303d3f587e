package io.optgate.platform.runner;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.util.Objects;
import java.util.Properties;

/**
 * What a Kafka Streams app is, apart from how it runs: a name, its topology and its configuration
 * (build them with two separate methods, which tests call too). Run it with {@link StreamsRunner}.
 *
 * @param name short name for logs, health and metrics, e.g. {@code consent-streams}
 * @param topology the topology
 * @param config the Streams configuration; must contain {@code application.id} and
 *     {@code bootstrap.servers} (see {@link StreamsConfigs})
 */
public record StreamsApp(String name, Topology topology, Properties config) {

    public StreamsApp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(config, "config");
        for (final String required : new String[] {StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG}) {
            if (config.get(required) == null) {
                throw new IllegalArgumentException("the Streams config of " + name + " has no " + required);
            }
        }
        final Properties copy = new Properties();
        copy.putAll(config);
        config = copy;
    }

    /** A copy of the configuration. */
    @Override
    public Properties config() {
        final Properties copy = new Properties();
        copy.putAll(config);
        return copy;
    }

    /** {@code application.id}. */
    public String applicationId() {
        return String.valueOf(config.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }
}
