package io.optgate.consent.http;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.config.KafkaSettings;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.SendingNumberClaim;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes the API's changes with an idempotent producer ({@code acks=all}). */
public final class KafkaConsentPublisher implements ConsentPublisher, AutoCloseable {

    /** Default of how long a publish waits for the broker's acknowledgement: 5 seconds. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConsentPublisher.class);

    private final Producer<String, ConsentEvent> events;
    private final Producer<String, ConsentSetting> settings;
    private final Producer<String, SendingNumberClaim> claims;
    private final ContractTopics topics;
    private final Duration sendTimeout;

    KafkaConsentPublisher(final Producer<String, ConsentEvent> events, final Producer<String, ConsentSetting> settings,
                          final Producer<String, SendingNumberClaim> claims, final ContractTopics topics, final Duration sendTimeout) {
        this.events = Objects.requireNonNull(events, "events");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
    }

    /**
     * A publisher with its own producers, configured from the {@code KAFKA_*} settings that are
     * producer settings (bootstrap servers, security, ...), with {@code acks=all} and idempotence.
     */
    public static KafkaConsentPublisher create(final KafkaSettings kafka, final ContractTopics topics) {
        final Map<String, Object> config = new HashMap<>();
        kafka.asMap().forEach((name, value) -> {
            if (ProducerConfig.configNames().contains(name)) {
                config.put(name, value);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaConsentPublisher(
                producer(config, "optgate-consent-api-events", topics.consentEvents()),
                producer(config, "optgate-consent-api-settings", topics.consentSettings()),
                producer(config, "optgate-consent-api-number-claims", topics.consentNumberClaims()),
                topics, DEFAULT_SEND_TIMEOUT);
    }

    private static <V> Producer<String, V> producer(final Map<String, Object> base, final String clientId, final TopicSpec<String, V> topic) {
        final Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(config, new StringSerializer(), topic.valueSerde().serializer());
    }

    @Override
    public void publish(final ConsentEvent event) {
        send(events, new ProducerRecord<>(topics.consentEvents().name(),
                Identifiers.clientKey(event.getTenantId(), event.getClientId()), event));
    }

    @Override
    public void publish(final String key, final ConsentSetting setting) {
        send(settings, new ProducerRecord<>(topics.consentSettings().name(), key, setting));
    }

    @Override
    public void publish(final SendingNumberClaim claim) {
        send(claims, new ProducerRecord<>(topics.consentNumberClaims().name(), claim.getNumber(), claim));
    }

    private <V> void send(final Producer<String, V> producer, final ProducerRecord<String, V> record) {
        try {
            producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(record, e);
        } catch (final ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable(record, e);
        }
    }

    private static ApiException unavailable(final ProducerRecord<String, ?> record, final Exception failure) {
        LOG.warn("Could not publish to {}: {}", record.topic(), failure.toString());
        return ApiException.serviceUnavailable("KAFKA_UNAVAILABLE", "the change could not be stored; try again", Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        events.close(Duration.ofSeconds(5));
        settings.close(Duration.ofSeconds(5));
        claims.close(Duration.ofSeconds(5));
    }
}
