package io.optgate.bench.measure;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * End-to-end latency at a steady rate: produces requests one by one at fixed intervals, each with
 * a unique requestId, and for each takes the time from just before {@code send} to the moment a
 * {@code read_committed} consumer sees the app's output for that requestId. Producer and consumer
 * run in this JVM, so both ends use the same clock ({@link System#nanoTime()}).
 */
public final class LatencyProbe {

    /** Builds the request with sequence number {@code sequence}, requestId {@code requestId}, requested now. */
    @FunctionalInterface
    public interface RequestFactory {
        /** @return key and value bytes */
        byte[][] create(String requestId, long sequence, Instant now);
    }

    /**
     * What the probe reads from one output record.
     *
     * @param requestId       the request it answers (null when it is not one of ours)
     * @param decidedAtMillis when the app says it decided (epoch ms), or -1 when the output has no such time
     */
    public record Output(String requestId, long decidedAtMillis) {
    }

    /**
     * The outcome of one run.
     *
     * @param latency      percentiles over the counted requests (those after the warm-up) that got an output
     * @param untilDecided percentiles of {@code decidedAt - requestedAt} (wall clock, ms resolution) over
     *                     the same requests: the part of the latency before the app's commit; empty
     *                     percentiles when the output carries no decision time
     * @param sent         requests produced
     * @param counted      requests after the warm-up
     * @param missing      counted requests without an output when the drain timeout ended
     * @param achievedRate requests per second actually produced
     * @param maxSendLagMs how far the producer fell behind its schedule at worst
     * @param curveMs      the latency at each of {@link Percentiles#CURVE_AT}, for the plot
     */
    public record Result(Percentiles latency, Percentiles untilDecided, int sent, int counted, int missing, double achievedRate, double maxSendLagMs,
                         double[] curveMs) {
    }

    private LatencyProbe() {
    }

    /**
     * Runs one measurement.
     *
     * @param clientConfig  {@code bootstrap.servers} and the like
     * @param inputTopic    where requests go
     * @param outputTopic   where the app's output for each request appears
     * @param requests      makes the request bytes
     * @param outputOf      reads the requestId (and decision time, if any) from an output value
     * @param runTag        makes this run's requestIds unique
     * @param rate          requests per second
     * @param duration      how long to produce
     * @param warmup        the first part not counted
     * @param drainTimeout  how long to wait for the last outputs after producing
     */
    public static Result run(final Map<String, Object> clientConfig, final String inputTopic, final String outputTopic,
                             final RequestFactory requests, final Function<byte[], Output> outputOf, final String runTag,
                             final int rate, final Duration duration, final Duration warmup, final Duration drainTimeout) {
        final int total = (int) Math.max(1, Math.min(Integer.MAX_VALUE - 1, rate * duration.toMillis() / 1000));
        final int warmupCount = (int) Math.min(total - 1L, rate * warmup.toMillis() / 1000);
        final String prefix = "lat-" + runTag + "-";
        final long[] sentNanos = new long[total];
        final long[] requestedAtMillis = new long[total];
        final AtomicLongArray seenNanos = new AtomicLongArray(total);
        final AtomicLongArray decidedAtMillis = new AtomicLongArray(total);
        final AtomicLong matched = new AtomicLong();
        final AtomicReference<RuntimeException> produceFailure = new AtomicReference<>();
        final long periodNanos = 1_000_000_000L / rate;
        long maxLagNanos = 0;
        int sent = 0;
        final long started;
        final long finished;
        try (OutputWatcher watcher = OutputWatcher.fromEnd(clientConfig, outputTopic, (record, seen) -> {
            final Output output = record.value() == null ? null : outputOf.apply(record.value());
            if (output != null && output.requestId() != null && output.requestId().startsWith(prefix)) {
                final int sequence = Integer.parseInt(output.requestId().substring(prefix.length()));
                if (sequence >= 0 && sequence < total && seenNanos.compareAndSet(sequence, 0, seen)) {
                    decidedAtMillis.set(sequence, output.decidedAtMillis());
                    matched.incrementAndGet();
                }
            }
        })) {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(clientConfig),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                started = System.nanoTime();
                final long hardStop = started + duration.toNanos() + Duration.ofSeconds(10).toNanos();
                for (int i = 0; i < total && produceFailure.get() == null; i++) {
                    final long due = started + i * periodNanos;
                    long now = System.nanoTime();
                    while (now < due) {
                        LockSupport.parkNanos(due - now);
                        now = System.nanoTime();
                    }
                    if (now > hardStop) {
                        break;
                    }
                    maxLagNanos = Math.max(maxLagNanos, now - due);
                    final Instant requestedAt = Instant.now();
                    final byte[][] request = requests.create(prefix + i, i, requestedAt);
                    requestedAtMillis[i] = requestedAt.toEpochMilli();
                    sentNanos[i] = System.nanoTime();
                    producer.send(new ProducerRecord<>(inputTopic, request[0], request[1]), (metadata, error) -> {
                        if (error != null) {
                            produceFailure.compareAndSet(null, new IllegalStateException("producing a latency request failed", error));
                        }
                    });
                    sent++;
                }
                finished = System.nanoTime();
                producer.flush();
            }
            if (produceFailure.get() != null) {
                throw produceFailure.get();
            }
            final long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (matched.get() < sent && System.nanoTime() - deadline < 0) {
                watcher.rethrowFailure();
                Pause.millis(20);
            }
        }
        final int counted = Math.max(0, sent - warmupCount);
        final long[] latencies = new long[counted];
        final long[] untilDecided = new long[counted];
        int measured = 0;
        int decided = 0;
        for (int i = warmupCount; i < sent; i++) {
            final long seen = seenNanos.get(i);
            if (seen != 0) {
                latencies[measured++] = seen - sentNanos[i];
                if (decidedAtMillis.get(i) >= 0) {
                    untilDecided[decided++] = (decidedAtMillis.get(i) - requestedAtMillis[i]) * 1_000_000L;
                }
            }
        }
        final double seconds = Math.max(1e-9, (finished - started) / 1e9);
        final long[] measuredLatencies = Arrays.copyOf(latencies, measured);
        return new Result(Percentiles.ofNanos(measuredLatencies), Percentiles.ofNanos(Arrays.copyOf(untilDecided, decided)),
                sent, counted, counted - measured, sent / seconds, maxLagNanos / 1e6, Percentiles.curveMs(measuredLatencies));
    }

    private static Map<String, Object> producerConfig(final Map<String, Object> clientConfig) {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }
}
