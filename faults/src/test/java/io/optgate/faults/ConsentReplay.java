package io.optgate.faults;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.optgate.consent.app.ConsentConfig;
import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.platform.config.Env;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;

/**
 * A fresh replay of consent-streams' input: committed records, raw, through consent-streams' own
 * topology (built by the same {@link ConsentStreamsApp#topology} and configured from the same
 * variables as the run's processes) in a {@link TopologyTestDriver}, and the {@code consent.state}
 * and {@code consent.phone-state} tables that come out.
 *
 * <p><b>The order.</b> consent-streams re-keys its three inputs by practice onto its repartition
 * topic ({@code consent-by-tenant}, one partition per practice's task) and decides each practice in
 * that topic's order. Records of that topic are piped into it as they are, so a replay of them
 * decides every practice in the run's exact order; records of the input topics go through the
 * whole topology. Any order that keeps each partition's offset order is one consent-streams could
 * have read: of the partitions' next records, the replay always takes the one with the smallest
 * timestamp (ties: topic, then partition), as Kafka Streams prefers with every partition at hand.
 * For the input topics that is only one of the orders the run could have had: the source tasks
 * read different partitions independently, so a STOP written after a staff change can reach the
 * repartition topic first (docs/RELIABILITY.md, finding 5). The driver's wall clock follows the
 * timestamps, so the rules' "now" is about what the run's was (a record is processed after it is
 * written) and the punctuations (lapses, expiries) fall due as they would have.
 *
 * <p>The records go in as the bytes the run wrote (Confluent wire format, schema ids of the run's
 * registry): the driver's serdes use that same registry, so nothing is re-serialised.
 */
final class ConsentReplay {

    /** The latest value of each key of the two consent tables; a tombstone removes its key. */
    record Tables(Map<String, ConsentState> clients, Map<String, PhoneConsentState> numbers) {
    }

    private ConsentReplay() {
    }

    /**
     * Replays {@code input} (committed records of consent-streams' input topics or of its
     * repartition topic, in any order; see the class comment for the order of the replay) through
     * the topology, with the run's registry at {@code registryUrl} and state in a new directory under
     * {@code stateDirs}.
     */
    static Tables replay(final List<ConsumerRecord<String, byte[]>> input, final String registryUrl, final Path stateDirs) {
        final Path stateDir = freshDirectory(stateDirs);
        final ConsentConfig config = ConsentStreamsApp.fromEnv(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "unused.invalid:9092",
                "SCHEMA_REGISTRY_URL", registryUrl,
                "OPTGATE_DATA_DIR", stateDir.toString()))).config();
        final ContractTopics topics = new ContractTopics(config.topics(), AvroSerdes.forUrl(registryUrl));
        final Properties streamsConfig = ConsentStreamsApp.streamsConfig(config.common());
        final Topology topology = ConsentStreamsApp.topology(topics, config.rules(), config.topologyOptions(),
                streamsConfig, new CompositeMeterRegistry());
        final List<ConsumerRecord<String, byte[]>> ordered = inOrder(input);
        final Instant start = ordered.isEmpty() ? Instant.now() : Instant.ofEpochMilli(ordered.get(0).timestamp());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, streamsConfig, start)) {
            final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            final TestOutputTopic<String, ConsentState> states = driver.createOutputTopic(topics.consentState().name(),
                    new StringDeserializer(), topics.consentState().valueSerde().deserializer());
            final TestOutputTopic<String, PhoneConsentState> phoneStates = driver.createOutputTopic(
                    topics.consentPhoneState().name(), new StringDeserializer(), topics.consentPhoneState().valueSerde().deserializer());
            final Map<String, ConsentState> clients = new LinkedHashMap<>();
            final Map<String, PhoneConsentState> numbers = new LinkedHashMap<>();
            Instant wallClock = start;
            for (final ConsumerRecord<String, byte[]> record : ordered) {
                final Instant at = Instant.ofEpochMilli(record.timestamp());
                if (at.isAfter(wallClock)) {
                    driver.advanceWallClockTime(Duration.between(wallClock, at));
                    wallClock = at;
                }
                inputs.computeIfAbsent(record.topic(), topic -> driver.createInputTopic(topic, new StringSerializer(),
                                new ByteArraySerializer()))
                        .pipeInput(new TestRecord<>(record.key(), record.value(), new RecordHeaders(record.headers().toArray()), at));
                // Read as it goes, so the driver's output queues stay short on a full-size run.
                latest(states.readRecordsToList(), clients);
                latest(phoneStates.readRecordsToList(), numbers);
            }
            return new Tables(clients, numbers);
        }
    }

    /**
     * The input in the replay's order: each partition in offset order, and of the partitions' next
     * records always the one with the smallest timestamp (ties: topic, then partition).
     */
    static <V> List<ConsumerRecord<String, V>> inOrder(final List<ConsumerRecord<String, V>> input) {
        final Map<TopicPartition, List<ConsumerRecord<String, V>>> byPartition = new HashMap<>();
        for (final ConsumerRecord<String, V> record : input) {
            byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>()).add(record);
        }
        final Comparator<Deque<ConsumerRecord<String, V>>> byHead = Comparator
                .<Deque<ConsumerRecord<String, V>>>comparingLong(queue -> queue.peekFirst().timestamp())
                .thenComparing(queue -> queue.peekFirst().topic())
                .thenComparingInt(queue -> queue.peekFirst().partition());
        final PriorityQueue<Deque<ConsumerRecord<String, V>>> heads = new PriorityQueue<>(byHead);
        for (final List<ConsumerRecord<String, V>> records : byPartition.values()) {
            records.sort(Comparator.comparingLong(ConsumerRecord::offset));
            heads.add(new ArrayDeque<>(records));
        }
        final List<ConsumerRecord<String, V>> ordered = new ArrayList<>(input.size());
        while (!heads.isEmpty()) {
            final Deque<ConsumerRecord<String, V>> queue = heads.poll();
            ordered.add(queue.pollFirst());
            if (!queue.isEmpty()) {
                heads.add(queue);
            }
        }
        return ordered;
    }

    /** A new directory under {@code parent}: a replay never starts from another one's stores. */
    private static Path freshDirectory(final Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "replay-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a state directory under " + parent, e);
        }
    }

    private static <V> void latest(final List<TestRecord<String, V>> records, final Map<String, V> table) {
        for (final TestRecord<String, V> record : records) {
            if (record.value() == null) {
                table.remove(record.key());
            } else {
                table.put(record.key(), record.value());
            }
        }
    }
}
