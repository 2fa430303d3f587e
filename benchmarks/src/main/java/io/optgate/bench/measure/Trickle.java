package io.optgate.bench.measure;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces requests at a steady rate on its own thread until closed, while the caller does
 * something else (stops and restarts another app). Each request is built by the factory with its
 * sequence number and requestedAt, and reported to {@link Sink} once the producer has handed it
 * over; a refused record fails the trickle ({@link #rethrowFailure()}).
 */
public final class Trickle implements AutoCloseable {

    /** Told about every request produced, on the trickle's thread. */
    @FunctionalInterface
    public interface Sink {
        void produced(String requestId, long sequence, Instant requestedAt);
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;

    private Trickle(final Map<String, Object> clientConfig, final String topic, final LatencyProbe.RequestFactory requests,
                    final String prefix, final int rate, final Sink sink) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        final long periodNanos = 1_000_000_000L / rate;
        this.thread = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                final long started = System.nanoTime();
                for (long i = 0; running.get() && failure.get() == null; i++) {
                    final long due = started + i * periodNanos;
                    long now = System.nanoTime();
                    while (now < due && running.get()) {
                        LockSupport.parkNanos(Math.min(due - now, 50_000_000L));
                        now = System.nanoTime();
                    }
                    if (!running.get()) {
                        break;
                    }
                    final Instant requestedAt = Instant.now();
                    final String requestId = prefix + i;
                    final byte[][] request = requests.create(requestId, i, requestedAt);
                    producer.send(new ProducerRecord<>(topic, request[0], request[1]), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, new IllegalStateException("producing a trickle request failed", error));
                        }
                    });
                    sink.produced(requestId, i, requestedAt);
                }
                producer.flush();
            } catch (final RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-trickle");
        thread.setDaemon(true);
    }

    /** Starts producing {@code rate} requests per second to {@code topic}, requestIds {@code <prefix><sequence>}. */
    public static Trickle start(final Map<String, Object> clientConfig, final String topic, final LatencyProbe.RequestFactory requests,
                                final String prefix, final int rate, final Sink sink) {
        final Trickle trickle = new Trickle(clientConfig, topic, requests, prefix, rate, sink);
        trickle.thread.start();
        return trickle;
    }

    /** Throws what made the trickle fail, if anything did. */
    public void rethrowFailure() {
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Stops producing, flushes, and waits for the thread (at most 30 s). */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }
}
