package io.optgate.dispatcher.app;

import io.optgate.platform.topics.ContractTopicLayout;
import io.optgate.platform.topics.TopicDefinition;
import org.apache.kafka.clients.admin.Admin;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates or verifies, at start-up, every contract topic ({@link ContractTopicLayout}, the same
 * layout consent-streams provisions) and the extensions' own topics.
 */
public final class DispatcherTopics {

    private DispatcherTopics() {
    }

    /**
     * @return the dispatcher's partition count, that of {@code consent.state}: pass it on with
     *         {@link DispatcherConfig#withPartitions}
     * @throws io.optgate.platform.topics.CoPartitioning.MismatchException when the client-placed topics differ
     * @throws io.optgate.platform.topics.TopicProvisioner.MismatchException when an existing topic differs from its definition
     */
    public static int provision(final Admin admin, final DispatcherConfig config, final List<DispatcherExtension> extensions) {
        return ContractTopicLayout.provision(admin, config.topics(), config.partitions(), partitions -> {
            final List<TopicDefinition> own = new ArrayList<>();
            for (final DispatcherExtension extension : extensions) {
                own.addAll(extension.topics(config.topics(), partitions));
            }
            return own;
        });
    }
}
