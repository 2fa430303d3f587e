package io.optgate.bench.apps;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.http.Routes;
import io.optgate.platform.runner.AppContext;
import io.optgate.platform.runner.AppParts;
import io.optgate.platform.runner.OptgateApp;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference: {@code message.requests} copied to another topic record by record, read and
 * written with the same Avro serdes, under the configuration of the app it is compared with (same
 * {@code application.id} rule, defaults, guarantees and invariants, same commit interval). Whatever
 * the compared app costs beyond this is its own work: state stores, changelogs, repartitions,
 * extra outputs, rules.
 */
public final class PassThrough implements OptgateApp {

    private final OptgateApp compared;
    private final String copyTopic;

    /**
     * @param compared  the app whose configuration the copy runs with
     * @param copyTopic where the copies go (same serdes as {@code message.requests}; created by the benchmark)
     */
    public PassThrough(final OptgateApp compared, final String copyTopic) {
        this.compared = Objects.requireNonNull(compared, "compared");
        this.copyTopic = Objects.requireNonNull(copyTopic, "copyTopic");
    }

    @Override
    public String name() {
        return "pass-through";
    }

    @Override
    public String applicationId() {
        return compared.applicationId();
    }

    @Override
    public CommonConfig common() {
        return compared.common();
    }

    @Override
    public TopicNames topicNames() {
        return compared.topicNames();
    }

    /** Nothing: the benchmark creates the copy topic, the compared app the input. */
    @Override
    public int provisionTopics(final Admin admin) {
        throw new UnsupportedOperationException("the benchmark provisions the pass-through's topics");
    }

    @Override
    public Map<String, Object> streamsDefaults() {
        return compared.streamsDefaults();
    }

    @Override
    public Map<String, Object> streamsInvariants() {
        return compared.streamsInvariants();
    }

    @Override
    public void buildTopology(final StreamsBuilder builder, final AppContext context) {
        final TopicSpec<String, MessageRequest> requests = context.topics().messageRequests();
        builder.stream(requests.name(), requests.consumed("bench-pass-through-source"))
                .to(copyTopic, new TopicSpec<>(copyTopic, requests.keySerde(), requests.valueSerde()).produced("bench-pass-through-sink"));
    }

    /** None: the benchmark measures the streams only. */
    @Override
    public AppParts parts(final AppContext context, final StreamsRunner streams) {
        return new AppParts(Routes.builder().build(), List.of());
    }
}
