package io.optgate.dispatcher.app;

import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicDefinition;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.streams.StreamsBuilder;

import java.util.List;

/**
 * A part plugged into the dispatcher app, such as the Twilio edge (the SMS sender and the
 * {@code /twilio/*} webhooks). The app asks every extension, in this order:
 * <ol>
 *   <li>{@link #topics} at start-up, to create or verify them with the other topics;</li>
 *   <li>{@link #addTo} while it builds its topology;</li>
 *   <li>{@link #create} once its Kafka Streams instance exists; the component's routes are served
 *       on the dispatcher's port, it is started after the streams and closed before them.</li>
 * </ol>
 * Register extensions in {@link DispatcherExtensions#standard()}.
 */
public interface DispatcherExtension {

    /**
     * Topics the extension needs beyond the contract's (e.g. a ledger), created when missing and
     * checked when present. Default none.
     *
     * @param partitions the dispatcher's partition count (that of {@code message.requests})
     */
    default List<TopicDefinition> topics(final int partitions) {
        return List.of();
    }

    /**
     * As {@link #topics(int)}, for extensions whose topics are named after contract topics (whose
     * names {@code OPTGATE_TOPIC_*} may change). The app calls this one; by default it asks
     * {@link #topics(int)}.
     *
     * @param names      the contract topics' names
     * @param partitions the dispatcher's partition count (that of {@code message.requests})
     */
    default List<TopicDefinition> topics(final TopicNames names, final int partitions) {
        return topics(partitions);
    }

    /** Adds processors or stores to the dispatcher's topology; name everything. Default nothing. */
    default void addTo(final StreamsBuilder builder, final ContractTopics topics) {
    }

    /** The running part, made from what the dispatcher offers. */
    DispatcherComponent create(DispatcherContext context);
}
