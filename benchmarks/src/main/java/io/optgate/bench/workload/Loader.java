package io.optgate.bench.workload;

import io.optgate.bench.workload.Workload.Prepared;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Produces pre-serialized records as fast as the broker takes them ({@code acks=all},
 * idempotent, large batches), and fails loudly if any is refused.
 */
public final class Loader {

    private Loader() {
    }

    /**
     * Produces {@code records} to {@code topic} and returns once every one is acknowledged.
     *
     * @return how long producing took
     * @throws IllegalStateException when a record is refused or the flush takes longer than {@code timeout}
     */
    public static Duration load(final Map<String, Object> clientConfig, final String topic, final List<Prepared> records,
                                final Duration timeout) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicLong acknowledged = new AtomicLong();
        final long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final Prepared record : records) {
                if (failure.get() != null) {
                    break;
                }
                producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value()), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
            }
            producer.flush();
            producer.close(Duration.ofSeconds(10));
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed after " + acknowledged.get() + " records", failure.get());
        }
        if (acknowledged.get() != records.size()) {
            throw new IllegalStateException("only " + acknowledged.get() + " of " + records.size() + " records to " + topic + " were acknowledged");
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
