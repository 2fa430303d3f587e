package io.optgate.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker configuration shared by every variant, sized for {@code nodes} nodes. Tuned for tests:
 * small internal topics, no rebalance delay, quick detection of a dead broker, and no topic
 * auto-creation (production clusters do not auto-create, so tests should not depend on it).
 */
final class BrokerSettings {

    private BrokerSettings() {
    }

    static int replicationFactor(final int nodes) {
        return Math.min(3, nodes);
    }

    static int minInSyncReplicas(final int nodes) {
        return Math.max(1, replicationFactor(nodes) - 1);
    }

    static Map<String, String> forCluster(final int nodes) {
        final String replication = Integer.toString(replicationFactor(nodes));
        final String minIsr = Integer.toString(minInSyncReplicas(nodes));
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("default.replication.factor", replication);
        settings.put("min.insync.replicas", minIsr);
        settings.put("num.partitions", "1");
        settings.put("auto.create.topics.enable", "false");
        settings.put("offsets.topic.replication.factor", replication);
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", replication);
        settings.put("transaction.state.log.min.isr", minIsr);
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("share.coordinator.state.topic.replication.factor", replication);
        settings.put("share.coordinator.state.topic.min.isr", minIsr);
        settings.put("group.initial.rebalance.delay.ms", "0");
        // A killed broker is fenced (and leaves the ISR) after 3 s instead of 9 s.
        settings.put("broker.session.timeout.ms", "3000");
        settings.put("broker.heartbeat.interval.ms", "500");
        // The cleaner's default 128 MiB dedupe buffer would take a quarter of a small broker heap.
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        return settings;
    }
}
