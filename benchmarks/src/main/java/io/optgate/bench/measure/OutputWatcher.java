package io.optgate.bench.measure;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what a {@code read_committed} consumer sees on one topic from the moment the watcher is
 * created (the end offsets then), on its own thread, with the time each batch became visible.
 * This is the view of any downstream reader: under exactly-once, output counts only once its
 * transaction has committed.
 */
public final class OutputWatcher implements AutoCloseable {

    /** Called on the watcher's thread for every record, with the {@link System#nanoTime()} it was seen at. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(ConsumerRecord<byte[], byte[]> record, long seenNanos);
    }

    private static final Duration POLL = Duration.ofMillis(50);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final RecordSink sink;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private OutputWatcher(final Map<String, Object> clientConfig, final String topic, final RecordSink sink) {
        this.topic = topic;
        this.sink = sink;
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The broker answers a fetch as soon as committed data is there; this only bounds the wait
        // when nothing is, so the watcher notices a commit promptly even if a wake-up is missed.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach(consumer::seek);
        this.thread = new Thread(this::run, "bench-watch-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code topic} from its current end, counting only. */
    public static OutputWatcher fromEnd(final Map<String, Object> clientConfig, final String topic) {
        return fromEnd(clientConfig, topic, (record, seenNanos) -> { });
    }

    /** Starts watching {@code topic} from its current end, handing every record to {@code sink}. */
    public static OutputWatcher fromEnd(final Map<String, Object> clientConfig, final String topic, final RecordSink sink) {
        final OutputWatcher watcher = new OutputWatcher(clientConfig, topic, sink);
        watcher.thread.start();
        return watcher;
    }

    private void run() {
        try {
            while (running.get()) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                final long now = System.nanoTime();
                firstNanos.compareAndSet(0, now);
                lastNanos.set(now);
                for (final ConsumerRecord<byte[], byte[]> record : records) {
                    sink.accept(record, now);
                }
                count.addAndGet(records.count());
            }
        } catch (final WakeupException e) {
            // close() asked us to stop.
        } catch (final RuntimeException | Error e) {
            failure.set(e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Records seen so far. */
    public long count() {
        return count.get();
    }

    /** {@link System#nanoTime()} when the first records became visible; 0 before. */
    public long firstNanos() {
        return firstNanos.get();
    }

    /** {@link System#nanoTime()} when the latest records became visible; 0 before. */
    public long lastNanos() {
        return lastNanos.get();
    }

    /**
     * Waits until at least {@code expected} records were seen, checking every 20 ms, at most {@code timeout}.
     *
     * @return whether they were
     * @throws IllegalStateException when the watcher's consumer failed
     */
    public boolean awaitCount(final long expected, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() < expected) {
            rethrowFailure();
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Pause.millis(20);
        }
        return true;
    }

    /** Throws when the watcher's consumer failed. */
    public void rethrowFailure() {
        final Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("the consumer watching " + topic + " failed", error);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
