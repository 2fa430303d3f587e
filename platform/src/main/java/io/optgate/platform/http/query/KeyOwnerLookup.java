package io.optgate.platform.http.query;

import org.apache.kafka.common.serialization.Serializer;

/** Finds the instance that holds a key's state; {@link StreamsKeyOwnerLookup} asks Kafka Streams. */
public interface KeyOwnerLookup {

    /** The owner of {@code key} in {@code store}, with the key serialized as the store's input topic is keyed. */
    <K> KeyOwner locate(String store, K key, Serializer<K> keySerializer);
}
