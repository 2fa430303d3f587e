package io.optgate.platform.topics;

import io.optgate.platform.serde.AvroSerdes;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PhonePractices;
import io.optgate.schema.SendingNumber;
import io.optgate.schema.SendingNumberClaim;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One {@link TopicSpec} per contract topic: the name from {@link TopicNames}, UTF-8 string keys, and
 * the topic's Avro value class in the Schema Registry wire format (subject {@code <topic>-value}).
 * The serdes are made once here and shared, so every topic of the app uses one registry cache.
 */
public final class ContractTopics {

    private final TopicNames names;
    private final Serde<String> keys = Serdes.String();
    private final Serde<ConsentEvent> consentEvent;
    private final Serde<PhoneConsentEvent> phoneConsentEvent;
    private final Serde<ConsentSetting> consentSetting;
    private final Serde<ConsentState> consentState;
    private final Serde<PhoneConsentState> phoneConsentState;
    private final Serde<ConsentNote> consentNote;
    private final Serde<SendingNumberClaim> numberClaim;
    private final Serde<SendingNumber> sendingNumber;
    private final Serde<PhonePractices> phonePractices;
    private final Serde<MessageRequest> messageRequest;
    private final Serde<DispatchDecision> dispatchDecision;
    private final Serde<DeliveryEvent> deliveryEvent;
    private final Serde<DispatchStats> dispatchStats;

    /**
     * @param names the topic names (defaults or from the environment)
     * @param serdes the Avro serdes, bound to the app's Schema Registry
     */
    public ContractTopics(final TopicNames names, final AvroSerdes serdes) {
        this.names = Objects.requireNonNull(names, "names");
        Objects.requireNonNull(serdes, "serdes");
        this.consentEvent = serdes.value(ConsentEvent.class);
        this.phoneConsentEvent = serdes.value(PhoneConsentEvent.class);
        this.consentSetting = serdes.value(ConsentSetting.class);
        this.consentState = serdes.value(ConsentState.class);
        this.phoneConsentState = serdes.value(PhoneConsentState.class);
        this.consentNote = serdes.value(ConsentNote.class);
        this.numberClaim = serdes.value(SendingNumberClaim.class);
        this.sendingNumber = serdes.value(SendingNumber.class);
        this.phonePractices = serdes.value(PhonePractices.class);
        this.messageRequest = serdes.value(MessageRequest.class);
        this.dispatchDecision = serdes.value(DispatchDecision.class);
        this.deliveryEvent = serdes.value(DeliveryEvent.class);
        this.dispatchStats = serdes.value(DispatchStats.class);
    }

    /** The names these specs use. */
    public TopicNames names() {
        return names;
    }

    /** {@code consent.events}: key {@code <tenantId>:<clientId>}, value {@link ConsentEvent}. */
    public TopicSpec<String, ConsentEvent> consentEvents() {
        return new TopicSpec<>(names.consentEvents(), keys, consentEvent);
    }

    /** {@code consent.phone-events}: key {@code <tenantId>:<E.164>}, value {@link PhoneConsentEvent}. */
    public TopicSpec<String, PhoneConsentEvent> consentPhoneEvents() {
        return new TopicSpec<>(names.consentPhoneEvents(), keys, phoneConsentEvent);
    }

    /** {@code consent.settings}: key {@code <tenantId>} or {@code <tenantId>:<preferenceId>}, value {@link ConsentSetting}. */
    public TopicSpec<String, ConsentSetting> consentSettings() {
        return new TopicSpec<>(names.consentSettings(), keys, consentSetting);
    }

    /** {@code consent.state}: key {@code <tenantId>:<clientId>}, value {@link ConsentState}. */
    public TopicSpec<String, ConsentState> consentState() {
        return new TopicSpec<>(names.consentState(), keys, consentState);
    }

    /** {@code consent.phone-state}: key {@code <tenantId>:<E.164>}, value {@link PhoneConsentState}. */
    public TopicSpec<String, PhoneConsentState> consentPhoneState() {
        return new TopicSpec<>(names.consentPhoneState(), keys, phoneConsentState);
    }

    /** {@code consent.notes}: key {@code <tenantId>:<clientId>}, value {@link ConsentNote}. */
    public TopicSpec<String, ConsentNote> consentNotes() {
        return new TopicSpec<>(names.consentNotes(), keys, consentNote);
    }

    /** {@code consent.number-claims}: key {@code <E.164>}, value {@link SendingNumberClaim}. */
    public TopicSpec<String, SendingNumberClaim> consentNumberClaims() {
        return new TopicSpec<>(names.consentNumberClaims(), keys, numberClaim);
    }

    /** {@code consent.sending-numbers}: key {@code <E.164>}, value {@link SendingNumber} (tombstone: free). */
    public TopicSpec<String, SendingNumber> consentSendingNumbers() {
        return new TopicSpec<>(names.consentSendingNumbers(), keys, sendingNumber);
    }

    /** {@code consent.phone-practices}: key {@code <E.164>}, value {@link PhonePractices} (tombstone: none). */
    public TopicSpec<String, PhonePractices> consentPhonePractices() {
        return new TopicSpec<>(names.consentPhonePractices(), keys, phonePractices);
    }

    /** {@code message.requests}: key {@code <tenantId>:<clientId>}, value {@link MessageRequest}. */
    public TopicSpec<String, MessageRequest> messageRequests() {
        return new TopicSpec<>(names.messageRequests(), keys, messageRequest);
    }

    /** {@code dispatch.decisions}: key {@code <tenantId>:<clientId>}, value {@link DispatchDecision}. */
    public TopicSpec<String, DispatchDecision> dispatchDecisions() {
        return new TopicSpec<>(names.dispatchDecisions(), keys, dispatchDecision);
    }

    /**
     * {@code dispatch.outbound.<channel>}: key {@code <tenantId>:<clientId>}, value {@link MessageRequest}.
     *
     * @throws IllegalArgumentException for {@link Channel#UNKNOWN}
     */
    public TopicSpec<String, MessageRequest> outbound(final Channel channel) {
        return new TopicSpec<>(names.outbound(channel), keys, messageRequest);
    }

    /** {@code dispatch.deliveries}: key {@code <tenantId>:<clientId>}, value {@link DeliveryEvent}. */
    public TopicSpec<String, DeliveryEvent> dispatchDeliveries() {
        return new TopicSpec<>(names.dispatchDeliveries(), keys, deliveryEvent);
    }

    /** {@code ops.dispatch-stats}: key {@code <tenantId>}, value {@link DispatchStats}. */
    public TopicSpec<String, DispatchStats> dispatchStats() {
        return new TopicSpec<>(names.dispatchStats(), keys, dispatchStats);
    }
}
