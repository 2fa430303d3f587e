package io.optgate.consent.app;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.topology.ConsentTopologyOptions;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.ConfigErrors;
import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.Env;
import io.optgate.platform.topics.TopicNames;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of consent-streams, read once from the environment and validated.
 *
 * @param common                   the variables every optgate app shares (Kafka, registry, HTTP, keys, data dir)
 * @param topics                   the topic names ({@code OPTGATE_TOPIC_*})
 * @param marketingConfirmationTtl {@value #MARKETING_CONFIRMATION_TTL}: how long a marketing request waits for YES; default P7D
 * @param dedupRetention           {@value #DEDUP_RETENTION}: how long an event id is remembered; default P7D
 * @param punctuationInterval      {@value #PUNCTUATION_INTERVAL}: how often lapses and expiries are looked for; default PT10S
 * @param putTimeout               {@value #PUT_TIMEOUT}: how long a PUT waits for its change to apply; default PT5S
 * @param topicPartitions          {@code OPTGATE_TOPIC_PARTITIONS} ({@link CommonConfig#topicPartitions}): partitions of the topics this app creates
 */
public record ConsentConfig(CommonConfig common, TopicNames topics, Duration marketingConfirmationTtl,
                            Duration dedupRetention, Duration punctuationInterval, Duration putTimeout, int topicPartitions) {

    /** How long a pending marketing request waits for the client's YES (ISO-8601). */
    public static final String MARKETING_CONFIRMATION_TTL = "OPTGATE_MARKETING_CONFIRMATION_TTL";
    /** How long processed event ids are remembered for deduplication (ISO-8601). */
    public static final String DEDUP_RETENTION = "OPTGATE_CONSENT_DEDUP_RETENTION";
    /** How often (wall clock) due lapses and expiries are applied (ISO-8601). */
    public static final String PUNCTUATION_INTERVAL = "OPTGATE_CONSENT_PUNCTUATION_INTERVAL";
    /** How long a consent PUT waits for its change to be applied before answering 504 (ISO-8601). */
    public static final String PUT_TIMEOUT = "OPTGATE_CONSENT_PUT_TIMEOUT";

    /** Default of {@value #PUT_TIMEOUT}: 5 seconds. */
    public static final Duration DEFAULT_PUT_TIMEOUT = Duration.ofSeconds(5);

    public ConsentConfig {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(marketingConfirmationTtl, "marketingConfirmationTtl");
        Objects.requireNonNull(dedupRetention, "dedupRetention");
        Objects.requireNonNull(punctuationInterval, "punctuationInterval");
        Objects.requireNonNull(putTimeout, "putTimeout");
    }

    /**
     * Reads every variable consent-streams uses.
     *
     * @throws ConfigException naming every invalid variable at once
     */
    public static ConsentConfig from(final Env env) {
        final ConfigErrors errors = new ConfigErrors();
        final CommonConfig common = errors.collect(() -> CommonConfig.from(env), null);
        final TopicNames topics = errors.collect(() -> CommonConfig.topicNames(env), TopicNames.defaults());
        final Duration ttl = positive(errors, env, MARKETING_CONFIRMATION_TTL, ConsentRules.DEFAULT_MARKETING_CONFIRMATION_TTL);
        final Duration dedup = positive(errors, env, DEDUP_RETENTION, ConsentTopologyOptions.DEFAULT_DEDUP_RETENTION);
        final Duration punctuation = positive(errors, env, PUNCTUATION_INTERVAL, ConsentTopologyOptions.DEFAULT_PUNCTUATION_INTERVAL);
        final Duration putTimeout = positive(errors, env, PUT_TIMEOUT, DEFAULT_PUT_TIMEOUT);
        final int partitions = errors.collect(() -> CommonConfig.topicPartitions(env), CommonConfig.DEFAULT_TOPIC_PARTITIONS);
        errors.throwIfAny();
        return new ConsentConfig(common, topics, ttl, dedup, punctuation, putTimeout, partitions);
    }

    /** The topology options these settings give. */
    public ConsentTopologyOptions topologyOptions() {
        return new ConsentTopologyOptions(dedupRetention, punctuationInterval, ConsentTopologyOptions.DEFAULT_MAX_DUE_PER_PUNCTUATION);
    }

    /** The consent rules these settings give. */
    public ConsentRules rules() {
        return new ConsentRules(marketingConfirmationTtl);
    }

    private static Duration positive(final ConfigErrors errors, final Env env, final String name, final Duration fallback) {
        return errors.collect(() -> env.positiveDuration(name, fallback), fallback);
    }
}
