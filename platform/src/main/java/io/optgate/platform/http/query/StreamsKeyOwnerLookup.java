package io.optgate.platform.http.query;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.util.Objects;
import java.util.Optional;

/**
 * Asks Kafka Streams ({@link KafkaStreams#queryMetadataForKey}) which instance owns a key.
 *
 * <p>Without {@code application.server} ({@code self} empty) Kafka Streams knows no hosts, so the
 * key is taken to be local (one instance), and the local query is pinned to the key's partition so
 * that a second, misconfigured instance answers 503 instead of wrong data.
 */
public final class StreamsKeyOwnerLookup implements KeyOwnerLookup {

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;

    /**
     * @param streams the running app
     * @param self this instance's {@code application.server}, empty when not configured
     */
    public StreamsKeyOwnerLookup(final KafkaStreams streams, final Optional<HostInfo> self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
    }

    @Override
    public <K> KeyOwner locate(final String store, final K key, final Serializer<K> keySerializer) {
        if (!streams.state().isRunningOrRebalancing()) {
            return new KeyOwner.Unavailable("the app is " + streams.state());
        }
        final KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, keySerializer);
        } catch (final InvalidStateStoreException | IllegalStateException e) {
            return new KeyOwner.Unavailable("the app is not ready: " + e.getMessage());
        }
        if (metadata == null) {
            throw new IllegalArgumentException("the topology has no store named " + store);
        }
        if (metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new KeyOwner.Unavailable("the app is starting or rebalancing");
        }
        final HostInfo active = metadata.activeHost();
        if (self.isEmpty()) {
            return new KeyOwner.Local(metadata.partition());
        }
        if (active.equals(HostInfo.unavailable())) {
            return new KeyOwner.Unavailable("no instance owns the key's partition yet");
        }
        return active.equals(self.get()) ? new KeyOwner.Local(metadata.partition()) : new KeyOwner.Remote(active);
    }
}
