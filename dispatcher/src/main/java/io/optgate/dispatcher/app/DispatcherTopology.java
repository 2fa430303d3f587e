package io.optgate.dispatcher.app;

import io.optgate.dispatcher.dispatch.DispatchTopology;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.dispatcher.practice.PracticeStores;
import io.optgate.dispatcher.practice.TextedNumbers;
import io.optgate.schema.Channel;
import io.optgate.dispatcher.stats.StatsTopology;
import io.optgate.dispatcher.status.StatusTopology;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.DispatchDecision;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The dispatcher's whole topology, built by one method: practice global stores, judging, the
 * message-status stores and the per-minute statistics. {@code Topology#describe()} reads like
 * docs/dispatcher.md.
 */
public final class DispatcherTopology {

    private DispatcherTopology() {
    }

    /**
     * Adds every part of the dispatcher to {@code builder}.
     *
     * @param consentPartitions partitions of {@code consent.state} (as provisioned): where requests are judged
     */
    public static void build(final StreamsBuilder builder, final ContractTopics topics, final DispatchTuning tuning,
                             final int consentPartitions) {
        PracticeStores.addTo(builder, topics.consentSettings().name(), topics.consentPhoneState().name());
        PracticeStores.addNumberStores(builder, topics.consentSendingNumbers().name(), topics.consentPhonePractices().name());
        TextedNumbers.addTo(builder, topics.outbound(Channel.SMS), topics.names().dispatchTextedNumbers());
        final KStream<String, DispatchDecision> decisions = DispatchTopology.addTo(builder, topics, tuning, consentPartitions);
        StatusTopology.addTo(builder, topics.dispatchDeliveries().name(), topics.dispatchDeliveries().valueSerde(), tuning.statusRetention(),
                consentPartitions);
        StatsTopology.addTo(builder, decisions,
                topics.dispatchStats().name(), topics.dispatchStats().valueSerde());
    }
}
