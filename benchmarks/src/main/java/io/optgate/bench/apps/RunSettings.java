package io.optgate.bench.apps;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.config.KafkaSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the benchmark sets on an app, as an operator would with {@code KAFKA_*} variables.
 *
 * @param bootstrapServers the broker
 * @param applicationId    a fresh id per subject, so every subject starts from the same input with no state
 * @param stateRoot        the {@code state.dir} (each app uses {@code <stateRoot>/<application.id>})
 * @param registryUrl      the Schema Registry the apps' config names (the benchmark's serdes share an in-process one)
 * @param streamThreads    {@code num.stream.threads}
 * @param commitIntervalMs {@code commit.interval.ms}, or empty for the app's default
 * @param extra            further Streams settings by Kafka name, applied last (e.g. from {@code --appConfig})
 */
public record RunSettings(String bootstrapServers, String applicationId, Path stateRoot, String registryUrl, int streamThreads,
                          OptionalLong commitIntervalMs, Map<String, String> extra) {

    public RunSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(commitIntervalMs, "commitIntervalMs");
        extra = Map.copyOf(extra);
    }

    /** The same settings with another commit interval. */
    public RunSettings withCommitInterval(final OptionalLong otherCommitIntervalMs) {
        return new RunSettings(bootstrapServers, applicationId, stateRoot, registryUrl, streamThreads, otherCommitIntervalMs, extra);
    }

    /** The same settings with another application id and number of stream threads. */
    public RunSettings withApplication(final String otherApplicationId, final int otherStreamThreads) {
        return new RunSettings(bootstrapServers, otherApplicationId, stateRoot, registryUrl, otherStreamThreads, commitIntervalMs, extra);
    }

    /** The same settings with another {@code state.dir} root (a second instance in this JVM needs its own). */
    public RunSettings withStateRoot(final Path otherStateRoot) {
        return new RunSettings(bootstrapServers, applicationId, otherStateRoot, registryUrl, streamThreads, commitIntervalMs, extra);
    }

    /** The same settings with one more Streams setting (by Kafka name), e.g. each instance's {@code application.server}. */
    public RunSettings withExtra(final String name, final String value) {
        final Map<String, String> more = new HashMap<>(extra);
        more.put(name, value);
        return new RunSettings(bootstrapServers, applicationId, stateRoot, registryUrl, streamThreads, commitIntervalMs, more);
    }

    /**
     * The environment an operator would give the app for these settings: {@code KAFKA_*} variables
     * (bootstrap servers, application id, stream threads, state dir, commit interval when set),
     * {@code OPTGATE_DATA_DIR} and the in-process Schema Registry scope the benchmark's serdes use.
     */
    public Env environment() {
        final Map<String, String> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.toAbsolutePath().toString());
        commitIntervalMs.ifPresent(ms -> settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(ms)));
        settings.putAll(extra);
        final Map<String, String> variables = new HashMap<>();
        settings.forEach((name, value) -> variables.put(KafkaSettings.PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        variables.put(CommonConfig.DATA_DIR, stateRoot.toAbsolutePath().toString());
        variables.put(CommonConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return Env.of(variables);
    }

    /** The shared configuration the apps' own config builders take, from {@link #environment}. */
    public CommonConfig commonConfig() {
        return CommonConfig.from(environment());
    }
}
