package io.optgate.platform.state;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

/** Supplies the RocksDB window store of {@code inner}, wrapped so that its offset lives in the checkpoint file. */
final class CheckpointedWindowStoreSupplier implements WindowBytesStoreSupplier {

    private final WindowBytesStoreSupplier inner;
    private final boolean timestamped;

    CheckpointedWindowStoreSupplier(final WindowBytesStoreSupplier inner, final boolean timestamped) {
        this.inner = inner;
        this.timestamped = timestamped;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public WindowStore<Bytes, byte[]> get() {
        final WindowStore<Bytes, byte[]> store = inner.get();
        return timestamped ? new CheckpointedWindowStore.Timestamped(store) : new CheckpointedWindowStore(store);
    }

    @Override
    public String metricsScope() {
        return inner.metricsScope();
    }

    @Override
    public long segmentIntervalMs() {
        return inner.segmentIntervalMs();
    }

    @Override
    public long windowSize() {
        return inner.windowSize();
    }

    @Override
    public boolean retainDuplicates() {
        return inner.retainDuplicates();
    }

    @Override
    public long retentionPeriod() {
        return inner.retentionPeriod();
    }
}
