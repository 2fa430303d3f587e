package io.optgate.platform.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One topic with the serdes of its keys and values, so a topic is never wired with the wrong serde.
 *
 * @param name the topic's name
 * @param keySerde serde of its keys
 * @param valueSerde serde of its values
 * @param <K> key type
 * @param <V> value type
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** Checks that every part is present and the name is not blank. */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
    }

    /**
     * {@link Consumed} with this topic's serdes, for {@code builder.stream(spec.name(), spec.consumed(...))}.
     *
     * @param processorName name of the source processor in the topology
     */
    public Consumed<K, V> consumed(final String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    /**
     * {@link Produced} with this topic's serdes, for {@code stream.to(spec.name(), spec.produced(...))}.
     *
     * @param processorName name of the sink processor in the topology
     */
    public Produced<K, V> produced(final String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }
}
