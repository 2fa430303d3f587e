package io.optgate.dispatcher.dispatch;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code consent.state} into the versioned consent store, as of each record's timestamp
 * (the event time of the change), so that the judge can ask for the consent at a request's time.
 *
 * <p>Two guarantees a plain versioned table does not give:
 * <ul>
 *   <li>The record received last for a client is its latest version. {@code consent.state} is a
 *       changelog: offset order, not timestamp order, says which state is current. A record whose
 *       timestamp is before the client's latest version is stored as of that latest version's
 *       time (consent-streams keeps a client's times monotonic, so this only guards against
 *       another writer).</li>
 *   <li>No record is dropped for being old. A versioned store refuses writes older than its
 *       history retention behind the newest timestamp it has seen; an imported opt-out dated years
 *       ago would vanish. Such a record is stored as of the task's stream time instead: it is then
 *       the client's latest consent, which every request is judged against anyway.</li>
 * </ul>
 */
final class ConsentVersions implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentVersions.class);

    private ProcessorContext<Void, Void> context;
    private VersionedKeyValueStore<String, byte[]> store;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(DispatchTopology.CONSENT_STORE);
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        long timestamp = record.timestamp();
        final VersionedRecord<byte[]> latest = store.get(record.key());
        if (latest != null && timestamp < latest.timestamp()) {
            timestamp = latest.timestamp();
        }
        if (store.put(record.key(), record.value(), timestamp) == VersionedKeyValueStore.PUT_RETURN_CODE_NOT_PUT) {
            final long asOf = Math.max(timestamp, context.currentStreamTimeMs());
            LOG.info("Consent record for {} is older than the consent history; stored as of the stream time", record.key());
            store.put(record.key(), record.value(), asOf);
        }
    }
}
