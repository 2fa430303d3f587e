package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.sender.RetryPolicy;
import io.optgate.dispatcher.sender.SenderSettings;
import io.optgate.platform.config.ConfigErrors;
import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.ConfigProblem;
import io.optgate.platform.config.Env;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Twilio edge's configuration, read once from the environment and validated (every problem
 * reported at once, naming the variable):
 * <ul>
 *   <li>{@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}: both unset, the sender runs dry and
 *       the webhooks answer 403; only the token set, the sender runs dry and the webhooks check
 *       signatures; the SID without the token is refused;</li>
 *   <li>{@code TWILIO_MESSAGING_SERVICE_SID} ({@code MG} + 32 hex): send through it instead of
 *       each practice's {@code smsFrom};</li>
 *   <li>{@code TWILIO_API_BASE_URL}: an http(s) URL that replaces {@code https://api.twilio.com};</li>
 *   <li>{@code TWILIO_MAX_MPS}: messages per second to Twilio, all instances together, default
 *       {@value SenderSettings#DEFAULT_MAX_MPS} (a decimal such as 0.5 is allowed);</li>
 *   <li>{@code TWILIO_MAX_CONCURRENCY}: hand-overs in flight per instance, default
 *       {@value SenderSettings#DEFAULT_MAX_CONCURRENCY};</li>
 *   <li>{@code TWILIO_MAX_ATTEMPTS}: attempts per text on 429, 5xx and connection failures, default 5;</li>
 *   <li>{@code TWILIO_MAX_RETRY_AFTER}: the longest Twilio Retry-After honoured, in seconds, default 60
 *       (a 429 pauses only the practice whose text got it, for at most this long).</li>
 * </ul>
 *
 * @param credentials         the account, when both SID and token are set
 * @param authToken           the token alone (signs webhooks), when set
 * @param messagingServiceSid the Messaging Service, when set
 * @param apiBaseUrl          the REST base URL, when not Twilio's own
 * @param maxMps              messages per second, all instances together
 * @param maxConcurrency      hand-overs in flight per instance
 * @param retryPolicy         backoff and attempts
 */
public record TwilioConfig(Optional<TwilioCredentials> credentials, Optional<String> authToken,
                           Optional<String> messagingServiceSid, Optional<URI> apiBaseUrl, double maxMps,
                           int maxConcurrency, RetryPolicy retryPolicy) {

    /** Variable: the account SID. */
    public static final String ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
    /** Variable: the auth token. */
    public static final String AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
    /** Variable: the Messaging Service SID. */
    public static final String MESSAGING_SERVICE_SID = "TWILIO_MESSAGING_SERVICE_SID";
    /** Variable: the REST base URL. */
    public static final String API_BASE_URL = "TWILIO_API_BASE_URL";
    /** Variable: messages per second. */
    public static final String MAX_MPS = "TWILIO_MAX_MPS";
    /** Variable: hand-overs in flight per instance. */
    public static final String MAX_CONCURRENCY = "TWILIO_MAX_CONCURRENCY";
    /** Variable: attempts per text. */
    public static final String MAX_ATTEMPTS = "TWILIO_MAX_ATTEMPTS";
    /** Longest Twilio Retry-After honoured, in seconds (1 to 3600, default 60). */
    public static final String MAX_RETRY_AFTER = "TWILIO_MAX_RETRY_AFTER";

    private static final Pattern ACCOUNT_SID_FORMAT = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern SERVICE_SID_FORMAT = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final double MAX_MPS_LIMIT = 10_000;

    /** Fails fast on missing parts. */
    public TwilioConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(messagingServiceSid, "messagingServiceSid");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    /** True when no credentials are set: texts are recorded DRY_RUN and nothing is sent. */
    public boolean dryRun() {
        return credentials.isEmpty();
    }

    /**
     * Reads and validates every Twilio variable.
     *
     * @throws ConfigException naming every invalid variable
     */
    public static TwilioConfig from(final Env env) {
        final ConfigErrors errors = new ConfigErrors();
        final Optional<String> sid = env.optional(ACCOUNT_SID);
        final Optional<String> token = env.optional(AUTH_TOKEN);
        sid.filter(s -> !ACCOUNT_SID_FORMAT.matcher(s).matches()).ifPresent(s ->
                errors.add(ConfigProblem.invalid(ACCOUNT_SID, s, "must be AC followed by 32 hexadecimal digits")));
        if (sid.isPresent() && token.isEmpty()) {
            errors.add(new ConfigProblem(AUTH_TOKEN, null, "is required when " + ACCOUNT_SID + " is set"));
        }
        final Optional<String> service = env.optional(MESSAGING_SERVICE_SID);
        service.filter(s -> !SERVICE_SID_FORMAT.matcher(s).matches()).ifPresent(s ->
                errors.add(ConfigProblem.invalid(MESSAGING_SERVICE_SID, s, "must be MG followed by 32 hexadecimal digits")));
        final Optional<URI> baseUrl = errors.collect(() -> httpUrl(env), Optional.empty());
        final double maxMps = errors.collect(() -> decimal(env, MAX_MPS, SenderSettings.DEFAULT_MAX_MPS),
                SenderSettings.DEFAULT_MAX_MPS);
        final int concurrency = errors.collect(() -> env.integer(MAX_CONCURRENCY,
                SenderSettings.DEFAULT_MAX_CONCURRENCY, 1, 64), SenderSettings.DEFAULT_MAX_CONCURRENCY);
        final int attempts = errors.collect(() -> env.integer(MAX_ATTEMPTS, RetryPolicy.DEFAULT.maxAttempts(), 1, 20),
                RetryPolicy.DEFAULT.maxAttempts());
        final int maxRetryAfter = errors.collect(() -> env.integer(MAX_RETRY_AFTER,
                (int) RetryPolicy.DEFAULT_MAX_RETRY_AFTER.toSeconds(), 1, 3600),
                (int) RetryPolicy.DEFAULT_MAX_RETRY_AFTER.toSeconds());
        errors.throwIfAny();
        final Optional<TwilioCredentials> credentials = sid.flatMap(s -> token.map(t -> new TwilioCredentials(s, t)));
        return new TwilioConfig(credentials, token, service, baseUrl, maxMps, concurrency,
                new RetryPolicy(attempts, RetryPolicy.DEFAULT.base(), RetryPolicy.DEFAULT.cap(),
                        Duration.ofSeconds(maxRetryAfter)));
    }

    private static Optional<URI> httpUrl(final Env env) {
        final Optional<URI> uri = env.optionalUri(API_BASE_URL);
        uri.map(u -> u.getScheme().toLowerCase(Locale.ROOT))
                .filter(scheme -> !scheme.equals("http") && !scheme.equals("https"))
                .ifPresent(scheme -> {
                    throw new ConfigException(ConfigProblem.invalid(API_BASE_URL, uri.get().toString(),
                            "must be an http or https URL"));
                });
        return uri;
    }

    private static double decimal(final Env env, final String name, final double fallback) {
        final Optional<String> raw = env.optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        final String reason = "must be a number of messages per second above 0 and at most " + (long) MAX_MPS_LIMIT;
        final double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (final NumberFormatException e) {
            throw new ConfigException(ConfigProblem.invalid(name, raw.get(), reason));
        }
        if (!(value > 0) || value > MAX_MPS_LIMIT) {
            throw new ConfigException(ConfigProblem.invalid(name, raw.get(), reason));
        }
        return value;
    }

    /** Safe to log: the token is never shown. */
    @Override
    public String toString() {
        return "TwilioConfig[accountSid=" + credentials.map(TwilioCredentials::accountSid).orElse("(none: dry run)")
                + ", authToken=" + (authToken.isPresent() ? "<hidden>" : "(none: webhooks refused)")
                + ", messagingServiceSid=" + messagingServiceSid.orElse("(none)")
                + ", apiBaseUrl=" + apiBaseUrl.map(URI::toString).orElse("(Twilio)")
                + ", maxMps=" + maxMps + ", maxConcurrency=" + maxConcurrency
                + ", maxAttempts=" + retryPolicy.maxAttempts()
                + ", maxRetryAfter=" + retryPolicy.maxRetryAfter().toSeconds() + "s]";
    }
}
