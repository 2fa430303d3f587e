package io.optgate.bench.apps;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the benchmark sets on an app, as an operator would with {@code KAFKA_*} variables.
 *
 * @param bootstrapServers the broker
 * @param applicationId    a fresh id per subject, so every subject starts from the same input with no state
 * @param stateRoot        the {@code state.dir} (each app uses {@code <stateRoot>/<application.id>})
 * @param streamThreads    {@code num.stream.threads}
 * @param commitIntervalMs {@code commit.interval.ms}, or empty for the app's default
 */
public record RunSettings(String bootstrapServers, String applicationId, Path stateRoot, int streamThreads,
                          OptionalLong commitIntervalMs) {

    public RunSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(commitIntervalMs, "commitIntervalMs");
    }

    /** The same settings with another commit interval. */
    public RunSettings withCommitInterval(final OptionalLong otherCommitIntervalMs) {
        return new RunSettings(bootstrapServers, applicationId, stateRoot, streamThreads, otherCommitIntervalMs);
    }

    /** These settings as Kafka setting names (what {@code KAFKA_*} variables become), state.dir excluded. */
    public Map<String, String> kafkaSettings() {
        final Map<String, String> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        commitIntervalMs.ifPresent(ms -> settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(ms)));
        return settings;
    }
}
