package io.optgate.platform.state;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.util.Map;

/**
 * A RocksDB window store that leaves its changelog offset to Kafka Streams' checkpoint file rather
 * than keeping it in its segments, where an empty store has none (see the package documentation).
 * The checkpoint file carries the same exactly-once guarantee: under EOS it is written only by a
 * clean close and deleted when the store opens, so after a crash the task is still restored.
 * Everything else is the wrapped store's.
 */
class CheckpointedWindowStore implements WindowStore<Bytes, byte[]> {

    private final WindowStore<Bytes, byte[]> inner;

    CheckpointedWindowStore(final WindowStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    /** The timestamped variant: the marker tells the DSL's store builders that values carry their timestamp. */
    static final class Timestamped extends CheckpointedWindowStore implements TimestampedBytesStore {
        Timestamped(final WindowStore<Bytes, byte[]> inner) {
            super(inner);
        }
    }

    /**
     * False, so that Kafka Streams wraps this store in its checkpoint-file offset keeping. The
     * method is deprecated for removal; when it goes, the upstream defect this works around must be
     * checked again (a window store without segments has no committed offset).
     */
    @Override
    @Deprecated
    public boolean managesOffsets() {
        return false;
    }

    @Override
    public Long committedOffset(final TopicPartition partition) {
        return null;
    }

    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    @Override
    public void put(final Bytes key, final byte[] value, final long windowStartTimestamp) {
        inner.put(key, value, windowStartTimestamp);
    }

    @Override
    public byte[] fetch(final Bytes key, final long time) {
        return inner.fetch(key, time);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(final Bytes key, final long timeFrom, final long timeTo) {
        return inner.fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<byte[]> backwardFetch(final Bytes key, final long timeFrom, final long timeTo) {
        return inner.backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(final Bytes keyFrom, final Bytes keyTo,
                                                          final long timeFrom, final long timeTo) {
        return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(final Bytes keyFrom, final Bytes keyTo,
                                                                  final long timeFrom, final long timeTo) {
        return inner.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(final long timeFrom, final long timeTo) {
        return inner.fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(final long timeFrom, final long timeTo) {
        return inner.backwardFetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
        return inner.all();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
        return inner.backwardAll();
    }

    @Override
    public String toString() {
        return "CheckpointedWindowStore[" + inner.name() + "]";
    }
}
