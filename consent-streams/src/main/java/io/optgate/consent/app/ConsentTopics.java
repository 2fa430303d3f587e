package io.optgate.consent.app;

import io.optgate.platform.topics.ContractTopicLayout;
import org.apache.kafka.clients.admin.Admin;

import java.util.List;

/**
 * Creates or verifies, at start-up, every contract topic ({@link ContractTopicLayout}, the same
 * layout the dispatcher provisions); consent-streams has no private topics beyond Kafka Streams' own.
 */
public final class ConsentTopics {

    private ConsentTopics() {
    }

    /**
     * @return the partition count of the client-placed topics
     * @throws io.optgate.platform.topics.CoPartitioning.MismatchException when the client-placed topics differ
     * @throws io.optgate.platform.topics.TopicProvisioner.MismatchException when an existing topic
     *     has another partition count or cleanup policy
     */
    public static int provision(final Admin admin, final ConsentConfig config) {
        return ContractTopicLayout.provision(admin, config.topics(), config.topicPartitions(), partitions -> List.of());
    }
}
