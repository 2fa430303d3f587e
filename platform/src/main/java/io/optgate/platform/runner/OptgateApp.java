package io.optgate.platform.runner;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;

import java.util.Map;

/**
 * What an optgate app is, apart from how it runs (streams-bootstrap's split): its configuration,
 * read from the environment once and validated before an instance exists (each app has a static
 * {@code fromEnv}), its topics, its topology, its HTTP routes and its side components such as the
 * SMS sender. {@link AppRunner} runs it the same way in {@code main}, local mode and tests;
 * {@link AppMain} is the whole of a {@code main}.
 *
 * <p>The runner calls, in this order: {@link #provisionTopics} (before anything starts),
 * {@link #buildTopology} with the configuration {@link StreamsConfigs#forApp} gives
 * {@link #applicationId}, {@link #streamsDefaults} and {@link #streamsInvariants}, then
 * {@link #parts} once the app's Kafka Streams instance exists (not yet started).
 */
public interface OptgateApp {

    /** Short name in logs, health and metrics, e.g. {@code consent-streams}. */
    String name();

    /** The default {@code application.id} ({@code KAFKA_APPLICATION_ID} wins). */
    String applicationId();

    /** The shared part of the app's validated configuration (Kafka, registry, HTTP port, keys, data dir). */
    CommonConfig common();

    /** The contract topics' names ({@code OPTGATE_TOPIC_*}). */
    TopicNames topicNames();

    /**
     * Creates the app's missing topics and checks the others.
     *
     * @return the partition count of the client-placed topics, which the topology places by
     * @throws IllegalStateException when an existing topic cannot be used (a mismatch an operator must fix)
     */
    int provisionTopics(Admin admin);

    /** Streams settings the app wants unless an operator overrides them with {@code KAFKA_*}. Default none. */
    default Map<String, Object> streamsDefaults() {
        return Map.of();
    }

    /** Streams settings the app always enforces, on top of {@link StreamsConfigs#GUARANTEES}. Default none. */
    default Map<String, Object> streamsInvariants() {
        return Map.of();
    }

    /** Adds the whole topology to {@code builder}; every stateful operator named. */
    void buildTopology(StreamsBuilder builder, AppContext context);

    /**
     * The app's HTTP routes and side components, made once its Kafka Streams instance exists.
     *
     * @param context what the topology was built with
     * @param streams the app's streams (created, not started): interactive queries, application server
     */
    AppParts parts(AppContext context, StreamsRunner streams);
}
