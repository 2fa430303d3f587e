package io.optgate.dispatcher.app;

import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.dispatcher.progress.ConsentProgress;
import io.optgate.dispatcher.progress.ConsentWatch;
import io.optgate.dispatcher.twilio.TwilioConfig;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.ConfigErrors;
import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.ConfigProblem;
import io.optgate.platform.config.Env;
import io.optgate.platform.topics.TopicNames;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The dispatcher's configuration, read once from the environment and validated (every problem
 * reported at once, each naming its variable).
 *
 * @param common     what every optgate app shares (Kafka, registry, HTTP port, API keys, data dir)
 * @param topics     the topic names ({@code OPTGATE_TOPIC_*})
 * @param tuning     {@value #GRACE} (PT0S), {@value #DUPLICATE_WINDOW} (P7D), {@value #CONSENT_HISTORY}
 *                   (P1D), {@value #STATUS_RETENTION} (P30D), {@value #MARKETING_CAP} (3/PT24H)
 * @param consentWatch {@value #CONSENT_MAX_WAIT} (PT2M, or off) and {@value #CONSENT_APPLICATION_ID}
 *                   (optgate-consent-streams): how requests wait for consent-streams
 * @param partitions {@code OPTGATE_TOPIC_PARTITIONS} ({@link CommonConfig#topicPartitions}): partitions of topics the dispatcher has to create when
 *                   neither {@code message.requests} nor {@code consent.state} exists yet; default 6.
 *                   Existing topics keep theirs, and the others follow them; the count the topology
 *                   places by is the provisioned one ({@code AppContext.partitions()}).
 * @param twilio     the Twilio edge's variables ({@code TWILIO_*}, {@link TwilioConfig}), validated with
 *                   the others before anything starts
 */
public record DispatcherConfig(CommonConfig common, TopicNames topics, DispatchTuning tuning, int partitions,
                               TwilioConfig twilio, ConsentWatch consentWatch) {

    /** The default of {@value #GRACE}: none, since requests wait for consent to be known current instead. */
    public static final Duration DEFAULT_GRACE = Duration.ZERO;
    /** How long a request may wait for consent-streams (ISO-8601), or {@code off}: do not wait for it. */
    public static final String CONSENT_MAX_WAIT = "OPTGATE_CONSENT_MAX_WAIT";
    /** consent-streams' {@code application.id}, whose committed offsets the dispatcher reads. */
    public static final String CONSENT_APPLICATION_ID = "OPTGATE_CONSENT_APPLICATION_ID";

    /** How long a request waits for consent changes that happened before it (ISO-8601; PT0S judges at once). */
    public static final String GRACE = "OPTGATE_DISPATCH_GRACE";
    /** How long a requestId is remembered per client (ISO-8601). */
    public static final String DUPLICATE_WINDOW = "OPTGATE_DUPLICATE_WINDOW";
    /** How far back the consent at a request's time is kept (ISO-8601). */
    public static final String CONSENT_HISTORY = "OPTGATE_CONSENT_HISTORY";
    /** How long a request's decision and delivery can be read over HTTP (ISO-8601). */
    public static final String STATUS_RETENTION = "OPTGATE_STATUS_RETENTION";
    /** MARKETING texts allowed per client and period: {@code <limit>/<ISO-8601 period>}, or {@code off}. */
    public static final String MARKETING_CAP = "OPTGATE_MARKETING_CAP";
    public DispatcherConfig {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(twilio, "twilio");
        Objects.requireNonNull(consentWatch, "consentWatch");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
    }

    /**
     * Reads every variable the dispatcher uses, the Twilio edge's included.
     *
     * @throws ConfigException naming every invalid variable at once
     */
    public static DispatcherConfig from(final Env env) {
        final ConfigErrors errors = new ConfigErrors();
        final CommonConfig common = errors.collect(() -> CommonConfig.from(env), null);
        final TopicNames topics = errors.collect(() -> CommonConfig.topicNames(env), TopicNames.defaults());
        final DispatchTuning defaults = DispatchTuning.DEFAULTS;
        final Duration grace = errors.collect(() -> env.duration(GRACE, DEFAULT_GRACE), DEFAULT_GRACE);
        final Duration window = positive(errors, env, DUPLICATE_WINDOW, defaults.duplicateWindow());
        final Duration history = positive(errors, env, CONSENT_HISTORY, defaults.consentHistory());
        final Duration retention = positive(errors, env, STATUS_RETENTION, defaults.statusRetention());
        final Optional<FrequencyCap> cap = errors.collect(() -> marketingCap(env), defaults.marketingCap());
        final int partitions = errors.collect(() -> CommonConfig.topicPartitions(env), CommonConfig.DEFAULT_TOPIC_PARTITIONS);
        final TwilioConfig twilio = errors.collect(() -> TwilioConfig.from(env), null);
        final String consentApplicationId = env.string(CONSENT_APPLICATION_ID, ConsentWatch.CONSENT_STREAMS_APPLICATION_ID);
        final Optional<Duration> consentMaxWait = errors.collect(() -> consentMaxWait(env), ConsentWatch.DEFAULTS.maxWait());
        errors.throwIfAny();
        final DispatchTuning tuning = new DispatchTuning(grace, window, history, retention, cap, Optional.empty(),
                consentMaxWait.orElse(DispatchTuning.CONSENT_MAX_WAIT), ConsentProgress.ALWAYS_CURRENT);
        return new DispatcherConfig(common, topics, tuning, partitions, twilio, new ConsentWatch(consentMaxWait, consentApplicationId));
    }

    /** The same configuration with another tuning (tests: a quiet-hours clock; the app: the consent probe wired in). */
    public DispatcherConfig withTuning(final DispatchTuning otherTuning) {
        return new DispatcherConfig(common, topics, otherTuning, partitions, twilio, consentWatch);
    }

    private static Optional<Duration> consentMaxWait(final Env env) {
        final Optional<String> raw = env.optional(CONSENT_MAX_WAIT);
        if (raw.isPresent() && raw.get().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return Optional.of(env.positiveDuration(CONSENT_MAX_WAIT, ConsentWatch.DEFAULTS.maxWait().orElseThrow()));
    }

    private static Optional<FrequencyCap> marketingCap(final Env env) {
        final Optional<String> raw = env.optional(MARKETING_CAP);
        if (raw.isEmpty()) {
            return DispatchTuning.DEFAULTS.marketingCap();
        }
        try {
            return FrequencyCap.parse(raw.get());
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(ConfigProblem.invalid(MARKETING_CAP, raw.get(), e.getMessage()));
        }
    }

    private static Duration positive(final ConfigErrors errors, final Env env, final String name, final Duration fallback) {
        return errors.collect(() -> env.positiveDuration(name, fallback), fallback);
    }
}
