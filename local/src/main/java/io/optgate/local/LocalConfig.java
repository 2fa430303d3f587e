package io.optgate.local;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.ConfigErrors;
import io.optgate.platform.config.Env;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Local mode's own settings, read once from the environment (the apps read theirs from the same
 * environment).
 *
 * @param dataDir          {@value CommonConfig#DATA_DIR}: broker logs, state stores, the schema ids,
 *                         the sample traffic's progress and the log file; default {@code .optgate-data}
 * @param kafkaPort        {@value #LOCAL_KAFKA_PORT}: the embedded broker's port on 127.0.0.1; default 9092
 * @param httpPort         {@value CommonConfig#HTTP_PORT}: every HTTP path on this port; default 8080
 * @param sampleTraffic    {@value #SAMPLE_TRAFFIC}: {@code on} or {@code off}; default on
 * @param externalKafka    {@value CommonConfig#BOOTSTRAP_SERVERS}: when set, that cluster instead of
 *                         the embedded broker
 * @param externalRegistry {@value CommonConfig#SCHEMA_REGISTRY_URL}: when set, that registry instead of
 *                         the in-process one
 */
public record LocalConfig(Path dataDir, int kafkaPort, int httpPort, boolean sampleTraffic,
                          Optional<String> externalKafka, Optional<String> externalRegistry) {

    /** The embedded broker's port on 127.0.0.1, for other Kafka tools. */
    public static final String LOCAL_KAFKA_PORT = "OPTGATE_LOCAL_KAFKA_PORT";
    /** {@code on} or {@code off}: the built-in generator of sample practices, clients and requests. */
    public static final String SAMPLE_TRAFFIC = "OPTGATE_SAMPLE_TRAFFIC";
    /** Default of {@value #LOCAL_KAFKA_PORT}. */
    public static final int DEFAULT_KAFKA_PORT = 9092;
    /** The in-process registry's URL in local mode. */
    public static final String IN_PROCESS_REGISTRY = "mock://local";

    /**
     * Reads and validates every local-mode variable.
     *
     * @throws io.optgate.platform.config.ConfigException naming every bad variable at once
     */
    public static LocalConfig from(final Env env) {
        final ConfigErrors errors = new ConfigErrors();
        final Path dataDir = errors.collect(() -> env.path(CommonConfig.DATA_DIR, CommonConfig.DEFAULT_DATA_DIR),
                CommonConfig.DEFAULT_DATA_DIR);
        final int kafkaPort = errors.collect(() -> env.integer(LOCAL_KAFKA_PORT, DEFAULT_KAFKA_PORT, 1, 65_535),
                DEFAULT_KAFKA_PORT);
        final int httpPort = errors.collect(() -> env.port(CommonConfig.HTTP_PORT, CommonConfig.DEFAULT_HTTP_PORT),
                CommonConfig.DEFAULT_HTTP_PORT);
        final boolean sample = errors.collect(() -> env.flag(SAMPLE_TRAFFIC, true), true);
        errors.throwIfAny();
        return new LocalConfig(dataDir.toAbsolutePath().normalize(), kafkaPort, httpPort, sample,
                env.optional(CommonConfig.BOOTSTRAP_SERVERS), env.optional(CommonConfig.SCHEMA_REGISTRY_URL));
    }
}
