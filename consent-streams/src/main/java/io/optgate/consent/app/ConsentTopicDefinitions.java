package io.optgate.consent.app;

import io.optgate.platform.topics.TopicDefinition;
import io.optgate.platform.topics.TopicNames;

import java.util.List;

/**
 * The topics consent-streams reads and writes, as it creates them when missing: the settings and
 * the two state tables compacted (CONTRACT.md), the event streams and notes with the broker's
 * retention, and a dead-letter topic for each input.
 */
public final class ConsentTopicDefinitions {

    private ConsentTopicDefinitions() {
    }

    /** Every topic of the app, {@code partitions} partitions each. */
    public static List<TopicDefinition> all(final TopicNames names, final int partitions) {
        return all(names, partitions, partitions);
    }

    /**
     * Every topic of the app, {@code partitions} partitions each but {@code message.requests}, which
     * upstream systems own and this app only writes to: {@code requestPartitions} (its existing
     * count; the dispatcher re-routes what is not placed by the consent's count).
     */
    public static List<TopicDefinition> all(final TopicNames names, final int partitions, final int requestPartitions) {
        return List.of(
                TopicDefinition.of(names.consentEvents(), partitions),
                TopicDefinition.of(names.consentPhoneEvents(), partitions),
                TopicDefinition.compacted(names.consentSettings(), partitions),
                TopicDefinition.compacted(names.consentState(), partitions),
                TopicDefinition.compacted(names.consentPhoneState(), partitions),
                TopicDefinition.of(names.consentNotes(), partitions),
                TopicDefinition.of(names.consentNumberClaims(), partitions),
                TopicDefinition.compacted(names.consentSendingNumbers(), partitions),
                TopicDefinition.compacted(names.consentPhonePractices(), partitions),
                TopicDefinition.of(names.messageRequests(), requestPartitions),
                TopicDefinition.of(TopicNames.dlq(names.consentEvents()), partitions),
                TopicDefinition.of(TopicNames.dlq(names.consentPhoneEvents()), partitions),
                TopicDefinition.of(TopicNames.dlq(names.consentSettings()), partitions));
    }
}
