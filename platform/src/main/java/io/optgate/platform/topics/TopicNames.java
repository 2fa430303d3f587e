package io.optgate.platform.topics;

import io.optgate.schema.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of every contract topic. Each defaults to the name in CONTRACT.md and can be overridden by
 * the environment variable {@code OPTGATE_TOPIC_<default name in UPPER_SNAKE>}, for example
 * {@code OPTGATE_TOPIC_CONSENT_EVENTS} or {@code OPTGATE_TOPIC_DISPATCH_OUTBOUND_SMS}. A blank
 * variable counts as unset. Dead-letter topics are always {@code <topic>.dlq} of the topic read.
 */
public final class TopicNames {

    /** Prefix of the overriding environment variables. */
    public static final String ENV_PREFIX = "OPTGATE_TOPIC_";
    /** Suffix of a topic's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Default of {@link #consentEvents()}. */
    public static final String CONSENT_EVENTS = "consent.events";
    /** Default of {@link #consentPhoneEvents()}. */
    public static final String CONSENT_PHONE_EVENTS = "consent.phone-events";
    /** Default of {@link #consentSettings()}. */
    public static final String CONSENT_SETTINGS = "consent.settings";
    /** Default of {@link #consentState()}. */
    public static final String CONSENT_STATE = "consent.state";
    /** Default of {@link #consentPhoneState()}. */
    public static final String CONSENT_PHONE_STATE = "consent.phone-state";
    /** Default of {@link #consentNotes()}. */
    public static final String CONSENT_NOTES = "consent.notes";
    /** Default of {@link #consentNumberClaims()}. */
    public static final String CONSENT_NUMBER_CLAIMS = "consent.number-claims";
    /** Default of {@link #consentSendingNumbers()}. */
    public static final String CONSENT_SENDING_NUMBERS = "consent.sending-numbers";
    /** Default of {@link #consentPhonePractices()}. */
    public static final String CONSENT_PHONE_PRACTICES = "consent.phone-practices";
    /** Default of {@link #messageRequests()}. */
    public static final String MESSAGE_REQUESTS = "message.requests";
    /** Default of {@link #dispatchDecisions()}. */
    public static final String DISPATCH_DECISIONS = "dispatch.decisions";
    /** Default prefix of {@link #outbound(Channel)}: followed by the channel in lower case. */
    public static final String DISPATCH_OUTBOUND_PREFIX = "dispatch.outbound.";
    /** Default of {@link #dispatchDeliveries()}. */
    public static final String DISPATCH_DELIVERIES = "dispatch.deliveries";
    /** Default of {@link #dispatchTextedNumbers()}. */
    public static final String DISPATCH_TEXTED_NUMBERS = "dispatch.texted-numbers";
    /** Default of {@link #dispatchStats()}. */
    public static final String OPS_DISPATCH_STATS = "ops.dispatch-stats";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final Map<String, String> byDefault;
    private final Map<Channel, String> outbound;

    private TopicNames(final Map<String, String> env) {
        final Map<String, String> names = new LinkedHashMap<>();
        final Map<String, String> variableByName = new HashMap<>();
        for (final String defaultName : defaultNames()) {
            final String variable = envVariable(defaultName);
            final String override = env.get(variable);
            final String name = override == null || override.isBlank() ? defaultName : override.trim();
            if (!LEGAL.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException(variable + " is not a legal Kafka topic name (1 to 249 of "
                    + "[a-zA-Z0-9._-], not '.' or '..'): '" + name + "'");
            }
            final String clash = variableByName.putIfAbsent(name, variable);
            if (clash != null) {
                throw new IllegalArgumentException(variable + " and " + clash + " both name topic '" + name
                    + "'; every contract topic needs its own");
            }
            names.put(defaultName, name);
        }
        this.byDefault = Collections.unmodifiableMap(names);
        final Map<Channel, String> channels = new EnumMap<>(Channel.class);
        for (final Channel channel : sendableChannels()) {
            channels.put(channel, names.get(defaultOutbound(channel)));
        }
        this.outbound = Collections.unmodifiableMap(channels);
    }

    /** Every name at its CONTRACT.md default. */
    public static TopicNames defaults() {
        return new TopicNames(Map.of());
    }

    /**
     * Names from the environment, each {@code OPTGATE_TOPIC_*} variable overriding one default.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @throws IllegalArgumentException naming the variable, when a name is not a legal topic name or two
     *                                  contract topics would share one
     */
    public static TopicNames fromEnv(final Map<String, String> env) {
        return new TopicNames(Objects.requireNonNull(env, "env"));
    }

    /**
     * The variable that overrides the topic whose default name is {@code defaultName}:
     * {@code consent.phone-events} gives {@code OPTGATE_TOPIC_CONSENT_PHONE_EVENTS}.
     */
    public static String envVariable(final String defaultName) {
        return ENV_PREFIX + defaultName.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The variables that rename every topic to {@code <prefix><default name>}, so that several
     * deployments (or tests) share one cluster without sharing topics.
     */
    public static Map<String, String> prefixedVariables(final String prefix) {
        final Map<String, String> variables = new LinkedHashMap<>();
        for (final String name : defaults().all()) {
            variables.put(envVariable(name), prefix + name);
        }
        return variables;
    }

    /** The dead-letter topic of {@code topic}: {@code <topic>.dlq}. */
    public static String dlq(final String topic) {
        return Objects.requireNonNull(topic, "topic") + DLQ_SUFFIX;
    }

    /** Client consent changes; key {@code <tenantId>:<clientId>}. */
    public String consentEvents() {
        return byDefault.get(CONSENT_EVENTS);
    }

    /** Phone-level consent events (STOP, START, ...); key {@code <tenantId>:<E.164>}. */
    public String consentPhoneEvents() {
        return byDefault.get(CONSENT_PHONE_EVENTS);
    }

    /** Practice settings and preference definitions (compacted). */
    public String consentSettings() {
        return byDefault.get(CONSENT_SETTINGS);
    }

    /** Client consent state, the table the dispatcher joins (compacted). */
    public String consentState() {
        return byDefault.get(CONSENT_STATE);
    }

    /** Phone consent state per practice and number (compacted). */
    public String consentPhoneState() {
        return byDefault.get(CONSENT_PHONE_STATE);
    }

    /** The consent audit trail. */
    public String consentNotes() {
        return byDefault.get(CONSENT_NOTES);
    }

    /** Claims and releases of sending numbers; key {@code <E.164>}, so one task decides each number. */
    public String consentNumberClaims() {
        return byDefault.get(CONSENT_NUMBER_CLAIMS);
    }

    /** The one practice each sending number belongs to; key {@code <E.164>} (compacted). */
    public String consentSendingNumbers() {
        return byDefault.get(CONSENT_SENDING_NUMBERS);
    }

    /** The practices that have a mobile number on record; key {@code <E.164>} (compacted). */
    public String consentPhonePractices() {
        return byDefault.get(CONSENT_PHONE_PRACTICES);
    }

    /** Requests to send a message. */
    public String messageRequests() {
        return byDefault.get(MESSAGE_REQUESTS);
    }

    /** One decision per distinct request. */
    public String dispatchDecisions() {
        return byDefault.get(DISPATCH_DECISIONS);
    }

    /**
     * Eligible requests for {@code channel}: {@code dispatch.outbound.<channel in lower case>} by default.
     *
     * @throws IllegalArgumentException for {@link Channel#UNKNOWN}, which is never sent
     */
    public String outbound(final Channel channel) {
        final String name = outbound.get(Objects.requireNonNull(channel, "channel"));
        if (name == null) {
            throw new IllegalArgumentException("no outbound topic for channel " + channel + ": it is never sent");
        }
        return name;
    }

    /** Delivery events from the sender and status webhook. */
    public String dispatchDeliveries() {
        return byDefault.get(DISPATCH_DELIVERIES);
    }

    /** Which practices have texted a number; key {@code <E.164>:<tenantId>} (compacted). */
    public String dispatchTextedNumbers() {
        return byDefault.get(DISPATCH_TEXTED_NUMBERS);
    }

    /** Per-tenant one-minute statistics. */
    public String dispatchStats() {
        return byDefault.get(OPS_DISPATCH_STATS);
    }

    /** Every contract topic (outbound ones included, dead-letter ones not), in CONTRACT.md order. */
    public List<String> all() {
        return List.copyOf(byDefault.values());
    }

    /** The channels that have an outbound topic: every {@link Channel} but {@link Channel#UNKNOWN}. */
    public static List<Channel> sendableChannels() {
        final List<Channel> channels = new ArrayList<>();
        for (final Channel channel : Channel.values()) {
            if (channel != Channel.UNKNOWN) {
                channels.add(channel);
            }
        }
        return List.copyOf(channels);
    }

    private static String defaultOutbound(final Channel channel) {
        return DISPATCH_OUTBOUND_PREFIX + channel.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> defaultNames() {
        final List<String> names = new ArrayList<>(List.of(CONSENT_EVENTS, CONSENT_PHONE_EVENTS, CONSENT_SETTINGS,
            CONSENT_STATE, CONSENT_PHONE_STATE, CONSENT_NOTES, CONSENT_NUMBER_CLAIMS, CONSENT_SENDING_NUMBERS,
            CONSENT_PHONE_PRACTICES, MESSAGE_REQUESTS, DISPATCH_DECISIONS));
        for (final Channel channel : sendableChannels()) {
            names.add(defaultOutbound(channel));
        }
        names.addAll(List.of(DISPATCH_DELIVERIES, DISPATCH_TEXTED_NUMBERS, OPS_DISPATCH_STATS));
        return names;
    }

    @Override
    public String toString() {
        return "TopicNames" + byDefault;
    }
}
