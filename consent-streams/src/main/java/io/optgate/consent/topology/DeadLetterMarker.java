package io.optgate.consent.topology;

import io.optgate.platform.dlq.DeadLetters;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Adds the platform's dead-letter headers (reason, detail, where it was read, which app) to a record
 * refused by an {@link InputChecks} check, on its way to {@code <topic>.dlq}.
 */
final class DeadLetterMarker<V> implements FixedKeyProcessor<String, V, V> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterMarker.class);

    private final BiFunction<String, V, Optional<InputChecks.Problem>> check;
    private FixedKeyProcessorContext<String, V> context;

    DeadLetterMarker(final BiFunction<String, V, Optional<InputChecks.Problem>> check) {
        this.check = check;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, V> record) {
        final InputChecks.Problem problem = check.apply(record.key(), record.value())
                .orElse(new InputChecks.Problem(InputChecks.INVALID_RECORD, "refused"));
        final Optional<RecordMetadata> metadata = context.recordMetadata();
        final String topic = metadata.map(RecordMetadata::topic).orElse("");
        final String partition = metadata.map(m -> Integer.toString(m.partition())).orElse("");
        final String offset = metadata.map(m -> Long.toString(m.offset())).orElse("");
        final Headers headers = record.headers();
        set(headers, DeadLetters.REASON, problem.reason());
        set(headers, DeadLetters.DETAIL, problem.detail());
        set(headers, DeadLetters.SOURCE_TOPIC, topic);
        set(headers, DeadLetters.SOURCE_PARTITION, partition);
        set(headers, DeadLetters.SOURCE_OFFSET, offset);
        set(headers, DeadLetters.APP, context.applicationId());
        LOG.warn("Dead-lettering record {}-{}@{}: {} ({})", topic, partition, offset, problem.reason(), problem.detail());
        context.forward(record);
    }

    private static void set(final Headers headers, final String name, final String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
