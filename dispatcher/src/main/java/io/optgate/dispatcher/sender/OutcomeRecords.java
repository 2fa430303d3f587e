package io.optgate.dispatcher.sender;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.dlq.DeadLetterCause;
import io.optgate.platform.dlq.DeadLetters;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records the sender writes about a text, as {@link Write}s for the next transaction: its
 * outcome (a DeliveryEvent, a carrier opt-out if any, and the ledger's DONE), a ledger entry alone
 * (HANDED_OVER before a hand-over, RELEASED before a retry), or a dead letter.
 */
final class OutcomeRecords {

    private final SenderTopics topics;
    private final String provider;
    private final String appName;
    private final Serializer<DeliveryEvent> deliveries;
    private final Serializer<PhoneConsentEvent> phoneEvents;

    OutcomeRecords(final SenderTopics topics, final String provider, final String appName) {
        this.topics = topics;
        this.provider = provider;
        this.appName = appName;
        this.deliveries = topics.deliveryUpdates().valueSerde().serializer();
        this.phoneEvents = topics.phoneEvents().valueSerde().serializer();
    }

    /** An outcome of a text: what it is recorded as. */
    record Outcome(int attempt, DeliveryStatus status, String providerMessageId, String errorCode,
                   String errorMessage, Optional<PhoneConsentEvent> optOut) {
        static Outcome of(final int attempt, final DeliveryStatus status, final String errorCode,
                          final String errorMessage) {
            return new Outcome(attempt, status, null, errorCode, errorMessage, Optional.empty());
        }
    }

    /** The writes that settle a text: its DeliveryEvent, a carrier opt-out if any, and DONE. */
    Write settled(final Pending p, final Outcome outcome, final Instant now) {
        final MessageRequest request = p.request();
        final DeliveryEvent event = DeliveryEvent.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setClientId(request.getClientId())
                .setProvider(provider)
                .setProviderMessageId(outcome.providerMessageId())
                .setStatus(outcome.status())
                .setErrorCode(outcome.errorCode())
                .setErrorMessage(outcome.errorMessage())
                .setAttempt(outcome.attempt())
                .setAt(now)
                .build();
        final String deliveryTopic = topics.deliveryUpdates().name();
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(deliveryTopic,
                utf8(Identifiers.clientKey(request.getTenantId(), request.getClientId())),
                deliveries.serialize(deliveryTopic, event)));
        final String phoneTopic = topics.phoneEvents().name();
        outcome.optOut().ifPresent(e -> records.add(new ProducerRecord<>(phoneTopic,
                utf8(Identifiers.phoneKey(e.getTenantId(), e.getPhone())), phoneEvents.serialize(phoneTopic, e))));
        records.add(ledger(p, LedgerEntry.State.DONE, outcome.attempt(), now));
        return new Write(p.tp(), p.offset(), records, null, true);
    }

    /** HANDED_OVER, written and committed before the text goes to the provider. */
    Write handedOver(final Pending p, final Instant now) {
        return new Write(p.tp(), p.offset(), List.of(ledger(p, LedgerEntry.State.HANDED_OVER, p.attempt(), now)),
                null, false);
    }

    /** RELEASED: the provider certainly did not take the attempt; {@code retry} is scheduled once written. */
    Write released(final Pending p, final Scheduled retry, final Instant now) {
        return new Write(p.tp(), p.offset(), List.of(ledger(p, LedgerEntry.State.RELEASED, p.attempt(), now)),
                retry, false);
    }

    /** A record that cannot be read, to {@code <outbound>.dlq} with its cause. */
    Write deadLetter(final TopicPartition tp, final ConsumerRecord<byte[], byte[]> record, final DeadLetterCause cause) {
        return new Write(tp, record.offset(), List.of(DeadLetters.record(appName, record.topic(), record.partition(),
                record.offset(), record.timestamp(), record.key(), record.value(), record.headers(), cause)), null, true);
    }

    /**
     * The carrier opt-out a Twilio 21610 stands for. Its event id carries the practice and client
     * with the requestId, so two practices' texts with the same requestId are two events.
     */
    static PhoneConsentEvent carrierOptOut(final MessageRequest request, final Instant now) {
        return PhoneConsentEvent.newBuilder()
                .setEventId("carrier-opt-out-" + Identifiers.messageKey(request.getTenantId(), request.getClientId(),
                        request.getRequestId()))
                .setTenantId(request.getTenantId())
                .setPhone(request.getTo())
                .setOccurredAt(now)
                .setKind(PhoneConsentKind.CARRIER_OPT_OUT)
                .setKeyword(null)
                .setProviderMessageId(null)
                .build();
    }

    private ProducerRecord<byte[], byte[]> ledger(final Pending p, final LedgerEntry.State state, final int attempt,
                                                  final Instant now) {
        final LedgerEntry entry = LedgerEntry.of(p.request(), state, attempt, p.offset(), now.toEpochMilli());
        return new ProducerRecord<>(topics.ledger(), p.tp().partition(), utf8(entry.key()), entry.toBytes());
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
