package io.optgate.dispatcher.dispatch;

import io.optgate.platform.dlq.DeadLetters;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A {@code message.requests} record without a value names no request to decide: it goes to
 * {@code message.requests.dlq} with the platform's dead-letter headers, so it has a recorded reason.
 */
final class TombstoneDeadLetter implements FixedKeyProcessor<String, MessageRequest, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TombstoneDeadLetter.class);

    private FixedKeyProcessorContext<String, byte[]> context;

    @Override
    public void init(final FixedKeyProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, MessageRequest> record) {
        final Optional<RecordMetadata> metadata = context.recordMetadata();
        final String topic = metadata.map(RecordMetadata::topic).orElse("");
        final String partition = metadata.map(m -> Integer.toString(m.partition())).orElse("");
        final String offset = metadata.map(m -> Long.toString(m.offset())).orElse("");
        final Headers headers = record.headers();
        set(headers, DeadLetters.REASON, "INVALID_RECORD");
        set(headers, DeadLetters.DETAIL, "a message request must have a value; tombstones mean nothing here");
        set(headers, DeadLetters.SOURCE_TOPIC, topic);
        set(headers, DeadLetters.SOURCE_PARTITION, partition);
        set(headers, DeadLetters.SOURCE_OFFSET, offset);
        set(headers, DeadLetters.APP, context.applicationId());
        LOG.warn("Dead-lettering record {}-{}@{}: a message request without a value", topic, partition, offset);
        context.forward(record.withValue((byte[]) null));
    }

    private static void set(final Headers headers, final String name, final String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
