package io.optgate.dispatcher.twilio;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.PhoneConsentEvent;

/**
 * Where the webhooks write. Each call returns once the record is durably stored (the Kafka
 * implementation awaits acks=all), so a 2xx answer to Twilio means it is recorded; a failure throws.
 */
public interface WebhookSink {

    /** A status update for the delivery-status gate, keyed by the client key. */
    void deliveryUpdate(String clientKey, DeliveryEvent event);

    /** A keyword from a client, keyed {@code <tenantId>:<E.164>}. */
    void phoneConsent(String phoneKey, PhoneConsentEvent event);
}
