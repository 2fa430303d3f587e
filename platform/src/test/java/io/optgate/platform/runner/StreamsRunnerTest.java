package io.optgate.platform.runner;

import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.serde.SchemaRegistryUnavailableException;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RealKafka
class StreamsRunnerTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void healthFollowsTheStreamsStateFromStartToClose(final KafkaCluster kafka) throws Exception {
        final String topic = "runner-lifecycle";
        kafka.createTopic(topic, 1);
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (Metrics metrics = Metrics.prometheus()) {
            final StreamsRunner runner = StreamsRunner.builder(app(kafka, "runner-lifecycle", topic, seen::add))
                    .metrics(metrics)
                    .closeTimeout(Duration.ofSeconds(20))
                    .build();
            assertThat(runner.status()).isEqualTo(new HealthCheck.Status(false, "CREATED"));

            runner.start();
            await().atMost(STARTUP).until(runner::isRunning);
            produce(kafka, topic, "k1");
            await().atMost(STARTUP).until(() -> seen.contains("k1"));

            assertThat(runner.status().up()).isTrue();
            assertThat(runner.status().detail()).isEqualTo("RUNNING");
            assertThat(metrics.scrape()).contains("kafka_stream").contains("app=\"runner-lifecycle\"");

            assertThat(runner.close(Duration.ofSeconds(20))).isTrue();
            assertThat(runner.awaitTermination(Duration.ofSeconds(5))).contains(KafkaStreams.State.NOT_RUNNING);
            assertThat(runner.status()).isEqualTo(new HealthCheck.Status(false, "NOT_RUNNING"));
            assertThat(runner.close(Duration.ofSeconds(1))).isTrue();
        }
    }

    @Test
    void aNonRetriableFailureShutsTheInstanceDown(final KafkaCluster kafka) throws Exception {
        final String topic = "runner-fatal";
        kafka.createTopic(topic, 1);
        try (StreamsRunner runner = StreamsRunner.builder(app(kafka, "runner-fatal", topic, key -> {
            if (key.equals("poison")) {
                throw new IllegalStateException("a bug in the topology");
            }
        })).build().start()) {
            await().atMost(STARTUP).until(runner::isRunning);

            produce(kafka, topic, "poison");

            assertThat(runner.awaitTermination(STARTUP)).contains(KafkaStreams.State.ERROR);
            assertThat(runner.status().up()).isFalse();
            assertThat(runner.status().detail()).isEqualTo("ERROR");
        }
    }

    @Test
    void aRetriableFailureReplacesTheThreadAndProcessingGoesOn(final KafkaCluster kafka) {
        final String topic = "runner-retriable";
        kafka.createTopic(topic, 1);
        final AtomicBoolean failedOnce = new AtomicBoolean();
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (StreamsRunner runner = StreamsRunner.builder(app(kafka, "runner-retriable", topic, key -> {
            if (key.equals("flaky") && failedOnce.compareAndSet(false, true)) {
                throw new SchemaRegistryUnavailableException("registry unreachable after 3 attempts", null);
            }
            seen.add(key);
        })).build().start()) {
            await().atMost(STARTUP).until(runner::isRunning);

            produce(kafka, topic, "flaky");
            produce(kafka, topic, "after");

            await().atMost(STARTUP).until(() -> seen.containsAll(List.of("flaky", "after")));
            assertThat(failedOnce).isTrue();
            await().atMost(STARTUP).until(runner::isRunning);
        }
    }

    /**
     * Static membership, as the compose entrypoint sets it: an instance that crashed (it never left
     * its group) and comes back with the same group.instance.id gets its partitions back at once,
     * long before the old session (45 s here) would have expired.
     */
    @Test
    void aStaticMemberBackFromACrashResumesBeforeItsSessionExpires(final KafkaCluster kafka) {
        final String topic = "runner-static";
        kafka.createTopic(topic, 1);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final Map<String, String> staticMember = Map.of(
                "group.instance.id", "runner-static-1",
                "session.timeout.ms", "45000",
                "heartbeat.interval.ms", "3000");

        final StreamsRunner first = StreamsRunner.builder(app(kafka, "runner-static", topic, seen::add, staticMember)).build().start();
        await().atMost(STARTUP).until(first::isRunning);
        produce(kafka, topic, "before");
        await().atMost(STARTUP).until(() -> seen.contains("before"));
        // A crash: the member stays in the group.
        first.streams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(Duration.ofSeconds(20)));

        try (StreamsRunner second = StreamsRunner.builder(app(kafka, "runner-static", topic, seen::add, staticMember)).build().start()) {
            produce(kafka, topic, "after");
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("after"));
        }
    }

    private StreamsApp app(final KafkaCluster kafka, final String name, final String topic, final Consumer<String> action) {
        return app(kafka, name, topic, action, Map.of());
    }

    private StreamsApp app(final KafkaCluster kafka, final String name, final String topic, final Consumer<String> action,
                           final Map<String, String> extra) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()).withName("read-" + name))
                .foreach((key, value) -> action.accept(key), Named.as("act-" + name));
        final Topology topology = builder.build();
        final CommonConfig common = CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "OPTGATE_DATA_DIR", dataDir.toString())));
        final Map<String, String> settings = new HashMap<>(Map.of(
                "num.stream.threads", "1",
                "commit.interval.ms", "100",
                "auto.offset.reset", "earliest",
                // A replaced thread's partitions move once the dead member's session expires.
                "consumer.session.timeout.ms", "6000",
                "consumer.heartbeat.interval.ms", "1000"));
        extra.forEach((key, value) -> {
            settings.remove("consumer." + key);
            settings.put(key, value);
        });
        return new StreamsApp(name, topology, StreamsConfigs.build("test-" + name, common, settings));
    }

    private static void produce(final KafkaCluster kafka, final String topic, final String key) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "value"));
            producer.flush();
        }
    }
}
