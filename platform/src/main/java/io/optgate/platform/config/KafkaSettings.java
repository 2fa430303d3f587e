package io.optgate.platform.config;

import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kafka client settings taken from {@code KAFKA_*} variables by one rule: drop the prefix, lower
 * the case, turn {@code _} into {@code .} ({@code KAFKA_BOOTSTRAP_SERVERS} becomes
 * {@code bootstrap.servers}, {@code KAFKA_CONSUMER_MAX_POLL_RECORDS} becomes
 * {@code consumer.max.poll.records}). The variables Kafka's own scripts use
 * ({@code KAFKA_HOME}, {@code KAFKA_HEAP_OPTS}, ...) are not client settings and are skipped.
 *
 * <p>{@link #toString()} masks secrets ({@code sasl.jaas.config}, anything with "password", ...),
 * so an instance is safe to log.
 */
public final class KafkaSettings {

    /** The prefix of every passed-through variable. */
    public static final String PREFIX = "KAFKA_";

    private static final Set<String> SCRIPT_VARIABLES = Set.of(
            "KAFKA_HOME", "KAFKA_OPTS", "KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_DEBUG", "KAFKA_LOG_DIR");

    private final Map<String, String> settings;

    private KafkaSettings(final Map<String, String> settings) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** Every {@code KAFKA_*} variable of {@code env}, as Kafka setting names. */
    public static KafkaSettings from(final Env env) {
        final Map<String, String> settings = new TreeMap<>();
        env.withPrefix(PREFIX).forEach((variable, value) -> {
            if (!SCRIPT_VARIABLES.contains(variable) && variable.length() > PREFIX.length()) {
                settings.put(settingName(variable), value);
            }
        });
        return new KafkaSettings(settings);
    }

    /** Exactly these settings (Kafka names, e.g. {@code bootstrap.servers}). */
    public static KafkaSettings of(final Map<String, String> settings) {
        return new KafkaSettings(settings);
    }

    /** {@code KAFKA_FOO_BAR} → {@code foo.bar}. */
    public static String settingName(final String variable) {
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** A copy with one setting added or replaced. */
    public KafkaSettings with(final String name, final String value) {
        final Map<String, String> copy = new TreeMap<>(settings);
        copy.put(name, value);
        return new KafkaSettings(copy);
    }

    /** The value of one setting (Kafka name). */
    public Optional<String> get(final String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** {@code bootstrap.servers}, from {@code KAFKA_BOOTSTRAP_SERVERS}. */
    public Optional<String> bootstrapServers() {
        return get("bootstrap.servers");
    }

    /** Every setting, by Kafka name, sorted. Values may be secret: do not log this map. */
    public Map<String, String> asMap() {
        return settings;
    }

    /**
     * The settings an admin client accepts (bootstrap servers, security, timeouts), the others left
     * out so that the client does not warn about every Streams or producer setting.
     */
    public Map<String, Object> adminSettings() {
        final Map<String, Object> admin = new TreeMap<>();
        settings.forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                admin.put(name, value);
            }
        });
        return admin;
    }

    /**
     * {@code defaults} overlaid with these settings (these win), as a new {@link Properties}; the
     * usual way to build a client or Streams configuration.
     */
    public Properties overlay(final Map<String, ?> defaults) {
        final Properties properties = new Properties();
        properties.putAll(defaults);
        properties.putAll(settings);
        return properties;
    }

    /** {@code name=value} pairs, sorted, secrets masked. */
    @Override
    public String toString() {
        return settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + SecretNames.mask(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
