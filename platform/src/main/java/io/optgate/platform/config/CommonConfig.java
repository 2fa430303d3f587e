package io.optgate.platform.config;

import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.topics.TopicNames;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings every optgate app shares, read once from {@link Env}. Apps compose it into their
 * own config record (see {@link ConfigErrors} for reporting every problem at once).
 *
 * @param kafka every {@code KAFKA_*} setting, including {@code bootstrap.servers}
 * @param schemaRegistryUrl {@code SCHEMA_REGISTRY_URL}; empty when unset (local mode then uses an
 *     in-process registry)
 * @param httpPort {@code OPTGATE_HTTP_PORT}, default 8080
 * @param publicUrl {@code OPTGATE_PUBLIC_URL} without a trailing slash, default
 *     {@code http://localhost:<httpPort>}
 * @param apiKeys {@code OPTGATE_API_KEYS}, with {@code OPTGATE_METRICS_KEY} when set; disabled when
 *                unset (authentication off, loopback only)
 * @param dataDir {@code OPTGATE_DATA_DIR}, default {@code .optgate-data} under the working directory
 */
public record CommonConfig(
        KafkaSettings kafka,
        Optional<URI> schemaRegistryUrl,
        int httpPort,
        URI publicUrl,
        ApiKeys apiKeys,
        Path dataDir) {

    /** Variable naming the Schema Registry. */
    public static final String SCHEMA_REGISTRY_URL = "SCHEMA_REGISTRY_URL";
    /** Variable naming the HTTP port. */
    public static final String HTTP_PORT = "OPTGATE_HTTP_PORT";
    /** Variable naming the public URL. */
    public static final String PUBLIC_URL = "OPTGATE_PUBLIC_URL";
    /** Variable naming the data directory. */
    public static final String DATA_DIR = "OPTGATE_DATA_DIR";
    /** Variable naming the Kafka cluster (passed through as {@code bootstrap.servers}). */
    public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

    /**
     * Partitions of the shared topics an app creates on an empty cluster (existing topics are only
     * checked). The dispatcher joins {@code message.requests} with {@code consent.state}, so both
     * apps must be given the same count.
     */
    public static final String TOPIC_PARTITIONS = "OPTGATE_TOPIC_PARTITIONS";
    /** Default of {@value #TOPIC_PARTITIONS}. */
    public static final int DEFAULT_TOPIC_PARTITIONS = 6;

    /** Default of {@code OPTGATE_HTTP_PORT}. */
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** Default of {@code OPTGATE_DATA_DIR}. */
    public static final Path DEFAULT_DATA_DIR = Path.of(".optgate-data");

    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z]+://)?[^\\s,]+:[0-9]{1,5}");

    public CommonConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /**
     * Reads and validates every common variable.
     *
     * @throws ConfigException naming every invalid variable at once
     */
    public static CommonConfig from(final Env env) {
        final ConfigErrors errors = new ConfigErrors();
        final KafkaSettings kafka = KafkaSettings.from(env);
        kafka.bootstrapServers().ifPresent(servers -> {
            if (!validBootstrapServers(servers)) {
                errors.add(ConfigProblem.invalid(BOOTSTRAP_SERVERS, servers, "must be a comma list of host:port"));
            }
        });
        final Optional<URI> registry = errors.collect(() -> env.optionalUri(SCHEMA_REGISTRY_URL), Optional.empty());
        final int port = errors.collect(() -> env.port(HTTP_PORT, DEFAULT_HTTP_PORT), DEFAULT_HTTP_PORT);
        final URI fallbackUrl = URI.create("http://localhost:" + port);
        final URI publicUrl = errors.collect(() -> httpUrl(env, PUBLIC_URL, fallbackUrl), fallbackUrl);
        final ApiKeys apiKeys = errors.collect(() -> apiKeys(env), ApiKeys.disabled());
        final Path dataDir = errors.collect(() -> env.path(DATA_DIR, DEFAULT_DATA_DIR), DEFAULT_DATA_DIR);
        errors.throwIfAny();
        return new CommonConfig(kafka, registry, port, publicUrl, apiKeys, dataDir);
    }

    /** {@code KAFKA_BOOTSTRAP_SERVERS}; empty when unset (local mode then starts an embedded broker). */
    public Optional<String> bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Checks that a broker and a Schema Registry are named, as an app running as its own process
     * needs: only local mode may leave them unset (it starts an embedded broker and an in-process
     * registry, which is private to one JVM, so two processes would not read each other's schema ids).
     *
     * @param app the app's name, for the message
     * @throws ConfigException naming each missing variable
     */
    public void requireBrokerAndRegistry(final String app) {
        final ConfigErrors errors = new ConfigErrors();
        if (bootstrapServers().isEmpty()) {
            errors.add(new ConfigProblem(BOOTSTRAP_SERVERS, null,
                    "is required when " + app + " runs alone (the local module starts an embedded broker)"));
        }
        if (schemaRegistryUrl.isEmpty()) {
            errors.add(new ConfigProblem(SCHEMA_REGISTRY_URL, null,
                    "is required when " + app + " runs alone (the other app must read the schemas it writes)"));
        }
        errors.throwIfAny();
    }

    /**
     * {@value #TOPIC_PARTITIONS}, 1 to 10,000, default {@value #DEFAULT_TOPIC_PARTITIONS}.
     *
     * @throws ConfigException when out of range
     */
    public static int topicPartitions(final Env env) {
        return env.integer(TOPIC_PARTITIONS, DEFAULT_TOPIC_PARTITIONS, 1, 10_000);
    }

    /**
     * The topic names, each {@code OPTGATE_TOPIC_<NAME>} or its contract default.
     *
     * @throws ConfigException when a name is not a valid topic name
     */
    public static TopicNames topicNames(final Env env) {
        try {
            return TopicNames.fromEnv(env.asMap());
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(ConfigProblem.invalid(TopicNames.ENV_PREFIX + "*", "", e.getMessage()));
        }
    }

    /** Safe to log: no secrets. */
    @Override
    public String toString() {
        return "CommonConfig[kafka=" + kafka + ", schemaRegistryUrl="
                + schemaRegistryUrl.map(URI::toString).map(SecretNames::maskUserInfo).orElse("(in-process)")
                + ", httpPort=" + httpPort + ", publicUrl=" + publicUrl + ", apiKeys=" + apiKeys + ", dataDir=" + dataDir + "]";
    }

    private static boolean validBootstrapServers(final String servers) {
        for (final String server : servers.split(",", -1)) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static URI httpUrl(final Env env, final String name, final URI fallback) {
        final Optional<URI> uri = env.optionalUri(name);
        if (uri.isEmpty()) {
            return fallback;
        }
        final String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(ConfigProblem.invalid(name, uri.get().toString(), "must be an http or https URL"));
        }
        final String text = uri.get().toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri.get();
    }

    private static ApiKeys apiKeys(final Env env) {
        final Optional<String> spec = env.optional(ApiKeys.VARIABLE);
        if (spec.isEmpty()) {
            if (env.optional(ApiKeys.METRICS_VARIABLE).isPresent()) {
                throw new ConfigException(ConfigProblem.invalid(ApiKeys.METRICS_VARIABLE, "set",
                        "needs " + ApiKeys.VARIABLE + ": without API keys authentication is off and every route is open"));
            }
            return ApiKeys.disabled();
        }
        final ApiKeys keys;
        try {
            keys = ApiKeys.parse(spec.get());
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(ConfigProblem.invalid(ApiKeys.VARIABLE, spec.get(), e.getMessage()));
        }
        final Optional<String> metricsKey = env.optional(ApiKeys.METRICS_VARIABLE);
        try {
            return metricsKey.map(keys::withMetricsKey).orElse(keys);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(ConfigProblem.invalid(ApiKeys.METRICS_VARIABLE, metricsKey.get(), e.getMessage()));
        }
    }
}
