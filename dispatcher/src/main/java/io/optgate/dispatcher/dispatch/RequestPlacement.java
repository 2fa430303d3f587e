package io.optgate.dispatcher.dispatch;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.contract.KeyPlacement;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Tells, for each record read from {@code message.requests}, whether it already sits where its
 * client's consent lives: under the client key ({@code tenantId:clientId} of the value) in the
 * partition {@link KeyPlacement} gives that key among the consent topic's partitions. Only what
 * is not placed there (another partitioner, a wrong or missing key, another partition count) is
 * re-routed; the check itself is a hash of the key, so well-placed traffic keeps its path.
 *
 * <p>A tombstone has no client and is skipped where it is by the judge. A request with an invalid
 * tenantId or clientId is re-routed like any other (its key is then what those fields spell) and
 * judged INVALID_REQUEST there.
 */
final class RequestPlacement implements FixedKeyProcessor<String, MessageRequest, RequestPlacement.Placed> {

    /** A request and whether it is where its client's consent is. */
    record Placed(MessageRequest request, boolean home) {
    }

    private final int consentPartitions;
    private FixedKeyProcessorContext<String, Placed> context;

    RequestPlacement(final int consentPartitions) {
        if (consentPartitions < 1) {
            throw new IllegalArgumentException("consentPartitions must be at least 1: " + consentPartitions);
        }
        this.consentPartitions = consentPartitions;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Placed> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, MessageRequest> record) {
        context.forward(record.withValue(new Placed(record.value(), isHome(record))));
    }

    private boolean isHome(final FixedKeyRecord<String, MessageRequest> record) {
        final MessageRequest request = record.value();
        if (request == null) {
            return true;
        }
        final int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        return KeyPlacement.isPlaced(record.key(), Identifiers.clientKey(request.getTenantId(), request.getClientId()),
                partition, consentPartitions);
    }
}
