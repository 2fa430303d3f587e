package io.optgate.local.compose;

import io.optgate.consent.app.ConsentConfig;
import io.optgate.dispatcher.app.DispatcherConfig;
import io.optgate.dispatcher.twilio.TwilioConfig;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.http.ApiKeys;
import io.optgate.platform.topics.TopicNames;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The environment variables each app reads, collected from the code: every {@code public static
 * final String} constant in the apps' configuration classes whose value is a variable name, plus
 * one {@code OPTGATE_TOPIC_*} override per contract topic. A new variable in an app's config class
 * therefore makes the compose test fail until docker-compose.yml sets or passes it through.
 */
final class AppVariables {

    private static final Pattern VARIABLE = Pattern.compile("(OPTGATE|KAFKA|SCHEMA|TWILIO)_[A-Z0-9_]*[A-Z0-9]");

    /** Read by local mode only, or optional indirections that a container does not need. */
    static final Set<String> NOT_FOR_CONTAINERS = Set.of(
            "OPTGATE_LOCAL_KAFKA_PORT", "OPTGATE_SAMPLE_TRAFFIC", "OPTGATE_CONFIG_FILE");

    /** Every variable the contract names for both apps, so the check never passes on an empty list. */
    private static final List<String> CONTRACT_COMMON = List.of(
            "KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "OPTGATE_HTTP_PORT", "OPTGATE_API_KEYS",
            "OPTGATE_PUBLIC_URL", "OPTGATE_DATA_DIR");

    static final List<Class<?>> CONSENT_STREAMS_CONFIG_CLASSES = List.of(
            CommonConfig.class, ApiKeys.class, ConsentConfig.class);

    static final List<Class<?>> DISPATCHER_CONFIG_CLASSES = List.of(
            CommonConfig.class, ApiKeys.class, DispatcherConfig.class, TwilioConfig.class);

    private AppVariables() {
    }

    static Set<String> consentStreams() {
        final Set<String> vars = common();
        vars.add("OPTGATE_MARKETING_CONFIRMATION_TTL");
        vars.addAll(declaredBy(CONSENT_STREAMS_CONFIG_CLASSES));
        vars.removeAll(NOT_FOR_CONTAINERS);
        return vars;
    }

    static Set<String> dispatcher() {
        final Set<String> vars = common();
        vars.addAll(twilio());
        vars.addAll(declaredBy(DISPATCHER_CONFIG_CLASSES));
        vars.removeAll(NOT_FOR_CONTAINERS);
        return vars;
    }

    /** Every Twilio variable: the contract's and whatever TwilioConfig adds. */
    static Set<String> twilio() {
        final Set<String> vars = new TreeSet<>(List.of("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_MESSAGING_SERVICE_SID",
                "TWILIO_API_BASE_URL", "TWILIO_MAX_MPS"));
        vars.addAll(declaredBy(List.of(TwilioConfig.class)));
        return vars;
    }

    private static Set<String> common() {
        final Set<String> vars = new TreeSet<>(CONTRACT_COMMON);
        TopicNames.defaults().all().forEach(topic -> vars.add(TopicNames.envVariable(topic)));
        return vars;
    }

    /** Constants naming variables in these classes. */
    static Set<String> declaredBy(final List<Class<?>> types) {
        final Set<String> vars = new TreeSet<>();
        for (final Class<?> type : types) {
            for (final Field f : type.getDeclaredFields()) {
                final int m = f.getModifiers();
                if (f.getType() == String.class && Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m)) {
                    try {
                        final String value = (String) f.get(null);
                        if (value != null && VARIABLE.matcher(value).matches() && !value.endsWith("_")) {
                            vars.add(value);
                        }
                    } catch (final IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return vars;
    }
}
