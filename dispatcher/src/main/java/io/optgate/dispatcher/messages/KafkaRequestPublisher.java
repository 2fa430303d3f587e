package io.optgate.dispatcher.messages;

import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes requests with an idempotent producer (acks=all), waiting for the broker's
 * acknowledgement up to a timeout, so that 202 means "stored".
 */
public final class KafkaRequestPublisher implements RequestPublisher, AutoCloseable {

    /** Default time to wait for the broker's acknowledgement. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<String, MessageRequest> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaRequestPublisher(final Producer<String, MessageRequest> producer, final String topic, final Duration timeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A publisher with its own producer.
     *
     * @param clientSettings Kafka client settings (bootstrap.servers, security)
     * @param requests       the {@code message.requests} topic and its serdes
     */
    public static KafkaRequestPublisher create(final Map<String, ?> clientSettings, final TopicSpec<String, MessageRequest> requests) {
        final Map<String, Object> settings = new HashMap<>();
        clientSettings.forEach((name, value) -> {
            if (ProducerConfig.configNames().contains(name)) {
                settings.put(name, value);
            }
        });
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "optgate-dispatcher-http");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        final KafkaProducer<String, MessageRequest> producer = new KafkaProducer<>(
                settings, requests.keySerde().serializer(), requests.valueSerde().serializer());
        return new KafkaRequestPublisher(producer, requests.name(), DEFAULT_TIMEOUT);
    }

    @Override
    public void publish(final String clientKey, final MessageRequest request) {
        final ProducerRecord<String, MessageRequest> record =
                new ProducerRecord<>(topic, null, request.getRequestedAt().toEpochMilli(), clientKey, request);
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new PublishFailedException("could not publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
