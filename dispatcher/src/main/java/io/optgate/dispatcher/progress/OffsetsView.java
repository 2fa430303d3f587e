package io.optgate.dispatcher.progress;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;

/** The two facts about Kafka the consent clock reads; {@link KafkaOffsets} asks the cluster. */
interface OffsetsView {

    /**
     * The last stable offset (what a read_committed reader can reach) of every partition of the
     * topics; a topic that does not exist has no partitions.
     */
    Map<TopicPartition, Long> stableEnds(Collection<String> topics);

    /** The offsets a consumer group (a Kafka Streams application) has committed. */
    Map<TopicPartition, Long> committed(String groupId);
}
