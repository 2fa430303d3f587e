package io.optgate.dispatcher.sender;

import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;

import java.util.Objects;

/**
 * The topics the sender reads and writes, each with its serdes.
 *
 * @param outbound        where eligible texts come from ({@code dispatch.outbound.sms})
 * @param ledger          the hand-over ledger, co-partitioned with {@code outbound}
 *                        ({@code dispatch.outbound.sms.ledger}); its values are {@link LedgerEntry} JSON
 * @param deliveryUpdates where its DeliveryEvents go: the delivery-status gate's input
 * @param phoneEvents     where a carrier opt-out (21610) goes, and where the inbound webhook writes a
 *                        STOP: the send-time check tails it ({@code consent.phone-events})
 * @param consentState    the clients' consent, read by the send-time check ({@code consent.state})
 * @param phoneState      the numbers' state, read by the send-time check ({@code consent.phone-state})
 */
public record SenderTopics(TopicSpec<String, MessageRequest> outbound, String ledger,
                           TopicSpec<String, DeliveryEvent> deliveryUpdates,
                           TopicSpec<String, PhoneConsentEvent> phoneEvents,
                           TopicSpec<String, ConsentState> consentState,
                           TopicSpec<String, PhoneConsentState> phoneState) {

    /** Fails fast on a missing topic. */
    public SenderTopics {
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(deliveryUpdates, "deliveryUpdates");
        Objects.requireNonNull(phoneEvents, "phoneEvents");
        Objects.requireNonNull(consentState, "consentState");
        Objects.requireNonNull(phoneState, "phoneState");
    }
}
