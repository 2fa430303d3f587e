package io.optgate.consent.numbers;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.logging.PhoneMasking;
import io.optgate.schema.SendingNumber;
import io.optgate.schema.SendingNumberClaim;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Applies {@link NumberClaims} to the claims of the numbers of one task. The claims topic is keyed by
 * the number, so every claim on one number reaches this one processor, one after another, and its
 * store ({@value SendingNumberTopology#OWNERS}) is the only place that decides the owner: two
 * practices claiming a number at the same moment are two records in one partition, and the second
 * finds the first's grant. A grant is published on {@code consent.sending-numbers}, a release as a
 * tombstone; a refusal publishes nothing (the owner stays what everyone already reads).
 */
final class NumberClaimProcessor implements Processor<String, SendingNumberClaim, String, SendingNumber> {

    private static final Logger LOG = LoggerFactory.getLogger(NumberClaimProcessor.class);

    private ProcessorContext<String, SendingNumber> context;
    private KeyValueStore<String, String> owners;

    @Override
    public void init(final ProcessorContext<String, SendingNumber> context) {
        this.context = context;
        this.owners = context.getStateStore(SendingNumberTopology.OWNERS);
    }

    @Override
    public void process(final Record<String, SendingNumberClaim> record) {
        final SendingNumberClaim claim = record.value();
        if (claim == null || !Identifiers.isE164(claim.getNumber()) || !claim.getNumber().equals(record.key())
                || !Identifiers.isValidId(claim.getTenantId())) {
            LOG.warn("sending-number claim ignored: key and number must be the same E.164 number, with a valid tenantId");
            return;
        }
        final String number = claim.getNumber();
        final Optional<String> owner = Optional.ofNullable(owners.get(number));
        final NumberClaims.Decision decision = NumberClaims.decide(owner, claim.getTenantId(), claim.getRelease());
        switch (decision) {
            case GRANTED -> {
                owners.put(number, claim.getTenantId());
                context.forward(record.withValue(new SendingNumber(number, claim.getTenantId(), claim.getRequestedAt())));
            }
            case RELEASED -> {
                owners.delete(number);
                context.forward(record.<SendingNumber>withValue(null));
            }
            case REFUSED -> LOG.warn("sending number {} claimed by tenantId={} refused: it belongs to tenantId={}",
                    PhoneMasking.mask(number), claim.getTenantId(), owner.orElse("?"));
            case ALREADY_OWNED, NOT_OWNER -> {
                // Nothing changes; nothing to publish.
            }
        }
    }
}
