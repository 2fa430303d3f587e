package io.optgate.platform.state;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A clean restart under exactly-once restores nothing, even when a window store of the task has
 * never been written. Each test runs a one-task app twice on the same state directory: a key-value
 * store gets every record, a window store only records whose value says so.
 */
@RealKafka
class WindowStoresRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RETENTION = Duration.ofDays(1);
    private static final String TOTALS = "totals";
    private static final String RECENT = "recent";

    @TempDir
    Path dataDir;

    /**
     * The upstream defect the wrapper exists for (Kafka Streams 4.3). When this starts failing,
     * Kafka Streams has fixed it and {@link WindowStores} can go back to {@link Stores}.
     */
    @Test
    void aPlainWindowStoreThatStaysEmptyMakesKafkaStreamsRestoreItsWholeTaskOnEveryRestart(final KafkaCluster kafka) {
        final Run run = new Run(kafka, "plain-empty", name -> Stores.persistentWindowStore(name, RETENTION, RETENTION, false));

        run.once(record("a", "1"), record("b", "2"), record("c", "3"));
        final Map<String, Long> restored = run.once(record("d", "4"));

        assertThat(restored).containsEntry(TOTALS, 3L);
    }

    @Test
    void aWindowStoreThatStaysEmptyLetsItsTaskRestartWithoutRestoring(final KafkaCluster kafka) {
        final Run run = new Run(kafka, "checkpointed-empty", name -> WindowStores.persistent(name, RETENTION, RETENTION, false));

        run.once(record("a", "1"), record("b", "2"), record("c", "3"));
        final Map<String, Long> restored = run.once(record("d", "4"));

        assertThat(restored).isEmpty();
        assertThat(run.totals).containsEntry("a", "1").containsEntry("d", "4");
    }

    @Test
    void aWrittenWindowStoreKeepsItsRecordsAcrossARestartWithoutRestoring(final KafkaCluster kafka) {
        final Run run = new Run(kafka, "checkpointed-written", name -> WindowStores.persistent(name, RETENTION, RETENTION, false));

        run.once(record("a", "window:1"), record("b", "2"));
        final Map<String, Long> restored = run.once(record("c", "window:3"));

        assertThat(restored).isEmpty();
        assertThat(run.recent).containsEntry("a", "window:1").containsEntry("c", "window:3");
    }

    @Test
    void aTimestampedWindowStoreBehavesTheSame(final KafkaCluster kafka) {
        final Run run = new Run(kafka, "checkpointed-timestamped",
                name -> WindowStores.persistentTimestamped(name, RETENTION, RETENTION, false));

        run.once(record("a", "1"));
        final Map<String, Long> restored = run.once(record("b", "window:2"));

        assertThat(restored).isEmpty();
        assertThat(run.recent).containsEntry("b", "window:2");
    }

    @Test
    void aLostStateDirectoryIsStillRestoredInFull(final KafkaCluster kafka) throws Exception {
        final Run run = new Run(kafka, "checkpointed-wiped", name -> WindowStores.persistent(name, RETENTION, RETENTION, false));
        run.once(record("a", "window:1"), record("b", "2"));

        try (Stream<Path> files = Files.walk(dataDir.resolve("streams"))) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        final Map<String, Long> restored = run.once(record("c", "3"));

        assertThat(restored).containsEntry(TOTALS, 2L).containsEntry(RECENT, 1L);
        assertThat(run.recent).containsEntry("a", "window:1");
    }

    private static ProducerRecord<String, String> record(final String key, final String value) {
        return new ProducerRecord<>("unused", key, value);
    }

    /** One app, started and cleanly closed by each {@link #once}, keeping its state directory in between. */
    private final class Run {
        private final KafkaCluster kafka;
        private final String name;
        private final Function<String, WindowBytesStoreSupplier> windowStore;
        private final String topic;
        private final Map<String, String> totals = new ConcurrentHashMap<>();
        private final Map<String, String> recent = new ConcurrentHashMap<>();
        private int produced;

        Run(final KafkaCluster kafka, final String name, final Function<String, WindowBytesStoreSupplier> windowStore) {
            this.kafka = kafka;
            this.name = name;
            this.windowStore = windowStore;
            this.topic = "window-stores-" + name;
            kafka.createTopic(topic, 1);
        }

        /** Starts the app, feeds it the records, waits until it has processed all, closes it; returns what it restored. */
        @SafeVarargs
        final Map<String, Long> once(final ProducerRecord<String, String>... records) {
            final Map<String, Long> restored = new ConcurrentHashMap<>();
            final KafkaStreams streams = new KafkaStreams(topology(), StreamsConfigs.build("window-stores-" + name,
                    CommonConfig.from(Env.of(Map.of(
                            "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                            "OPTGATE_DATA_DIR", dataDir.toString()))),
                    Map.of("num.stream.threads", "1", "commit.interval.ms", "100", "auto.offset.reset", "earliest")));
            streams.setGlobalStateRestoreListener(counting(restored));
            try {
                streams.start();
                await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig(),
                        new StringSerializer(), new StringSerializer())) {
                    for (final ProducerRecord<String, String> record : records) {
                        producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
                        produced++;
                    }
                    producer.flush();
                }
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(readTotals(streams)).hasSize(produced));
                readRecent(streams);
            } finally {
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(TIMEOUT));
            }
            return restored;
        }

        private Map<String, String> readTotals(final KafkaStreams streams) {
            final var store = streams.store(StoreQueryParameters.fromNameAndType(TOTALS, QueryableStoreTypes.<String, String>keyValueStore()));
            totals.clear();
            try (var all = store.all()) {
                all.forEachRemaining(entry -> totals.put(entry.key, entry.value));
            }
            return totals;
        }

        private void readRecent(final KafkaStreams streams) {
            final var store = streams.store(StoreQueryParameters.fromNameAndType(RECENT, QueryableStoreTypes.<String, String>windowStore()));
            recent.clear();
            try (var all = store.all()) {
                all.forEachRemaining(entry -> recent.put(entry.key.key(), entry.value));
            }
        }

        private Topology topology() {
            final StreamsBuilder builder = new StreamsBuilder();
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TOTALS), Serdes.String(), Serdes.String()));
            builder.addStateStore(Stores.windowStoreBuilder(windowStore.apply(RECENT), Serdes.String(), Serdes.String()));
            builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()).withName("read-" + name))
                    .process(Writer::new, Named.as("write-" + name), TOTALS, RECENT);
            return builder.build();
        }
    }

    private static final class Writer implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> totals;
        private WindowStore<String, String> recent;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            totals = context.getStateStore(TOTALS);
            recent = context.getStateStore(RECENT);
        }

        @Override
        public void process(final Record<String, String> record) {
            // The window store first: the test reads it once the totals show the record, from
            // another thread, so the other order let a loaded machine read it a moment too early.
            if (record.value().startsWith("window:")) {
                recent.put(record.key(), record.value(), record.timestamp());
            }
            totals.put(record.key(), record.value());
        }
    }

    private static StateRestoreListener counting(final Map<String, Long> restored) {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(final TopicPartition partition, final String store, final long start, final long end) {
            }

            @Override
            public void onBatchRestored(final TopicPartition partition, final String store, final long batchEnd, final long count) {
                restored.merge(store, count, Long::sum);
            }

            @Override
            public void onRestoreEnd(final TopicPartition partition, final String store, final long total) {
            }
        };
    }
}
