package io.optgate.bench.apps;

import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * The reference: {@code message.requests} copied to another topic record by record, read and
 * written with the same Avro serdes, under the configuration of the app it is compared with (same
 * exactly-once settings, same commit interval). Whatever the compared app costs beyond this is
 * its own work: state stores, changelogs, repartitions, extra outputs, rules.
 */
public final class PassThrough implements Subject {

    private final TopicSpec<String, MessageRequest> requests;
    private final String copyTopic;
    private final Function<RunSettings, Properties> config;

    /**
     * @param requests  the input topic and its serdes
     * @param copyTopic where the copies go (same serdes)
     * @param config    the compared app's configuration builder
     */
    public PassThrough(final TopicSpec<String, MessageRequest> requests, final String copyTopic,
                       final Function<RunSettings, Properties> config) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.copyTopic = Objects.requireNonNull(copyTopic, "copyTopic");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return "pass-through";
    }

    @Override
    public String outputTopic() {
        return copyTopic;
    }

    @Override
    public Properties config(final RunSettings settings) {
        return config.apply(settings);
    }

    @Override
    public Topology topology(final Properties streamsConfig) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(requests.name(), requests.consumed("bench-pass-through-source"))
                .to(copyTopic, new TopicSpec<>(copyTopic, requests.keySerde(), requests.valueSerde()).produced("bench-pass-through-sink"));
        return builder.build(streamsConfig);
    }
}
