package io.optgate.platform.dlq;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.optgate.platform.topics.TopicNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes unreadable records to {@code <topic>.dlq}, for plain consumers (the streams apps use
 * {@link DeadLetterQueueDeserializationHandler}, which builds the same records). The dead letter keeps
 * the raw key and value bytes, the original headers and timestamp, and adds:
 *
 * <ul>
 *   <li>{@value #REASON}: an {@link io.optgate.platform.serde.UnreadableRecordException.Reason} name or
 *       {@value DeadLetterCause#DESERIALIZATION_FAILED}</li>
 *   <li>{@value #DETAIL}: a safe description (never the contents)</li>
 *   <li>{@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}: where it was read</li>
 *   <li>{@value #APP}: which app dead-lettered it</li>
 * </ul>
 * Header values are UTF-8 strings; partition and offset in decimal. Headers of these names already on
 * the record (a dead letter read again) are replaced.
 *
 * <p>Every dead letter sent is counted as {@value #RECORDS_METER} ({@code optgate_dlq_records_total}),
 * tagged {@code app}, {@code source_topic} and {@code reason} (lower snake case).
 */
public final class DeadLetters {

    /** Header: why the record is dead. */
    public static final String REASON = "optgate.dlq.reason";
    /** Header: a safe description of the failure. */
    public static final String DETAIL = "optgate.dlq.detail";
    /** Header: the topic the record was read from. */
    public static final String SOURCE_TOPIC = "optgate.dlq.source.topic";
    /** Header: the partition the record was read from. */
    public static final String SOURCE_PARTITION = "optgate.dlq.source.partition";
    /** Header: the record's offset in that partition. */
    public static final String SOURCE_OFFSET = "optgate.dlq.source.offset";
    /** Header: the app that dead-lettered it. */
    public static final String APP = "optgate.dlq.app";

    /** The Micrometer counter of records dead-lettered, by app, source topic and reason. */
    public static final String RECORDS_METER = "optgate.dlq.records";

    private static final String HEADER_PREFIX = "optgate.dlq.";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<byte[], byte[]> producer;
    private final String appName;
    private final MeterRegistry meters;

    /**
     * Dead letters counted in Micrometer's global registry, to which
     * {@link io.optgate.platform.metrics.Metrics#prometheus()} adds the process's registry.
     *
     * @param producer a byte-array producer; transactional or not is the caller's choice
     * @param appName written to {@value #APP}
     */
    public DeadLetters(final Producer<byte[], byte[]> producer, final String appName) {
        this(producer, appName, io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    /**
     * @param producer a byte-array producer; transactional or not is the caller's choice
     * @param appName written to {@value #APP}
     * @param meters   where {@value #RECORDS_METER} is counted
     */
    public DeadLetters(final Producer<byte[], byte[]> producer, final String appName, final MeterRegistry meters) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.appName = Objects.requireNonNull(appName, "appName");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Sends {@code record} (as read, raw bytes) to {@code <its topic>.dlq} with {@code cause}. */
    public Future<RecordMetadata> send(final ConsumerRecord<byte[], byte[]> record, final DeadLetterCause cause) {
        return send(record(appName, record.topic(), record.partition(), record.offset(), record.timestamp(),
            record.key(), record.value(), record.headers(), cause));
    }

    /**
     * For a consumer whose {@code poll()} threw: dead-letters the record it could not deserialize, unless
     * the failure must not be dead-lettered (see {@link DeadLetterCause#of}). On a present result the
     * caller seeks past {@code failure.offset()}; on empty it retries the poll later.
     */
    public Optional<Future<RecordMetadata>> sendIfUnreadable(final RecordDeserializationException failure) {
        final Optional<DeadLetterCause> cause = DeadLetterCause.of(failure);
        if (cause.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(send(record(appName, failure.topicPartition().topic(), failure.topicPartition().partition(),
            failure.offset(), failure.timestamp(), bytes(failure.keyBuffer()), bytes(failure.valueBuffer()),
            failure.headers(), cause.get())));
    }

    private Future<RecordMetadata> send(final ProducerRecord<byte[], byte[]> deadLetter) {
        LOG.warn("Dead-lettering record {}-{}@{} to {}: {}", header(deadLetter, SOURCE_TOPIC),
            header(deadLetter, SOURCE_PARTITION), header(deadLetter, SOURCE_OFFSET), deadLetter.topic(),
            header(deadLetter, REASON));
        count(meters, appName, header(deadLetter, SOURCE_TOPIC), header(deadLetter, REASON));
        return producer.send(deadLetter);
    }

    /** Adds one to {@value #RECORDS_METER} for a record of {@code sourceTopic} dead-lettered for {@code reason}. */
    static void count(final MeterRegistry meters, final String appName, final String sourceTopic, final String reason) {
        Counter.builder(RECORDS_METER)
            .description("Records sent to a dead-letter topic, by app, source topic and reason")
            .tag("app", appName)
            .tag("source_topic", sourceTopic)
            .tag("reason", reason.toLowerCase(Locale.ROOT))
            .register(meters)
            .increment();
    }

    /**
     * The dead letter for a record read from {@code topic}: addressed to {@code <topic>.dlq}, with the raw
     * bytes, the original headers and timestamp, and the {@code optgate.dlq.*} headers.
     *
     * @param timestamp the record's timestamp; negative for none (the producer then sets the time)
     */
    public static ProducerRecord<byte[], byte[]> record(final String appName, final String topic, final int partition,
                                                        final long offset, final long timestamp, final byte[] key,
                                                        final byte[] value, final Headers original,
                                                        final DeadLetterCause cause) {
        final RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (final Header header : original) {
                if (!header.key().startsWith(HEADER_PREFIX)) {
                    headers.add(header);
                }
            }
        }
        headers.add(REASON, utf8(cause.reason()));
        headers.add(DETAIL, utf8(cause.detail()));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        headers.add(APP, utf8(appName));
        return new ProducerRecord<>(TopicNames.dlq(topic), null, timestamp < 0 ? null : timestamp, key, value, headers);
    }

    private static String header(final ProducerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
