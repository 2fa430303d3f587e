package io.optgate.dispatcher.app;

import io.optgate.dispatcher.twilio.TwilioEdge;
import io.optgate.platform.topics.ContractTopicLayout;
import org.apache.kafka.clients.admin.Admin;

/**
 * Creates or verifies, at start-up, every contract topic ({@link ContractTopicLayout}, the same
 * layout consent-streams provisions) and the Twilio edge's own topics.
 */
public final class DispatcherTopics {

    private DispatcherTopics() {
    }

    /**
     * @return the dispatcher's partition count, that of {@code consent.state}
     * @throws io.optgate.platform.topics.CoPartitioning.MismatchException when the client-placed topics differ
     * @throws io.optgate.platform.topics.TopicProvisioner.MismatchException when an existing topic differs from its definition
     */
    public static int provision(final Admin admin, final DispatcherConfig config) {
        return ContractTopicLayout.provision(admin, config.topics(), config.partitions(),
                partitions -> TwilioEdge.topics(config.topics(), partitions));
    }
}
