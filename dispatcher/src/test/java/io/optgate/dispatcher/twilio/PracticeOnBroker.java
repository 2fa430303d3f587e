package io.optgate.dispatcher.twilio;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.SendingNumber;
import io.optgate.schema.SmsLevel;
import io.optgate.testing.KafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What consent-streams would have published for one practice an hour ago, for broker tests of the
 * dispatcher alone: its settings (help text "Riverside Vets"), its sending number granted to it, and
 * one Basic Transactional client with a phone.
 */
final class PracticeOnBroker {

    private PracticeOnBroker() {
    }

    static void publish(final KafkaCluster kafka, final ContractTopics topics, final String tenantId,
                        final String sendingNumber, final String clientId, final String clientPhone) throws Exception {
        publish(kafka, topics, tenantId, sendingNumber, clientId, clientPhone, SmsLevel.BASIC_TRANSACTIONAL);
    }

    /** The same with the client at another level. */
    static void publish(final KafkaCluster kafka, final ContractTopics topics, final String tenantId,
                        final String sendingNumber, final String clientId, final String clientPhone,
                        final SmsLevel level) throws Exception {
        final Instant before = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<String, ConsentSetting> settings = producer(kafka, topics.consentSettings().valueSerde().serializer());
             KafkaProducer<String, SendingNumber> owners = producer(kafka, topics.consentSendingNumbers().valueSerde().serializer());
             KafkaProducer<String, ConsentState> consent = producer(kafka, topics.consentState().valueSerde().serializer())) {
            settings.send(new ProducerRecord<>(topics.consentSettings().name(), tenantId, ConsentSetting.newBuilder()
                    .setTenantId(tenantId)
                    .setSetting(CommunicationSettings.newBuilder().setEnabled(false).setSmsFrom(sendingNumber)
                            .setHelpText("Riverside Vets").build())
                    .setUpdatedAt(before)
                    .build())).get();
            // The number's owner, as consent-streams decides it: the inbound webhook's practice and the texts' From.
            owners.send(new ProducerRecord<>(topics.consentSendingNumbers().name(), sendingNumber,
                    new SendingNumber(sendingNumber, tenantId, before))).get();
            consent.send(new ProducerRecord<>(topics.consentState().name(), null, before.toEpochMilli(),
                    Identifiers.clientKey(tenantId, clientId), ConsentState.newBuilder().setTenantId(tenantId)
                    .setClientId(clientId).setPhone(clientPhone).setLevel(level)
                    .setPhoneSuppressed(false).setPreferences(Map.of()).setUpdatedAt(before)
                    .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(1L).build())).get();
        }
    }

    private static <V> KafkaProducer<String, V> producer(final KafkaCluster kafka,
                                                         final Serializer<V> values) {
        return new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), values);
    }
}
