package io.optgate.platform.topics;

import java.util.List;

/**
 * What the dispatcher reads to know how far consent-streams has got (its consent progress probe):
 * consent-streams' input topics and the one internal topic every input passes. Declared here, once,
 * because consent-streams names that topic and the dispatcher watches it.
 */
public final class ConsentStreamsProgress {

    /** The name of consent-streams' repartition step (all input, re-keyed by practice). */
    public static final String REPARTITION = "consent-by-tenant";

    private ConsentStreamsProgress() {
    }

    /** The repartition topic of consent-streams running as {@code applicationId}. */
    public static String repartitionTopic(final String applicationId) {
        return applicationId + "-" + REPARTITION + "-repartition";
    }

    /** consent-streams' input topics. */
    public static List<String> inputs(final TopicNames names) {
        return List.of(names.consentEvents(), names.consentPhoneEvents(), names.consentSettings());
    }
}
