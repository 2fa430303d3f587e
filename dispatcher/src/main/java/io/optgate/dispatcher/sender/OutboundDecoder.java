package io.optgate.dispatcher.sender;

import io.optgate.platform.dlq.DeadLetterCause;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Optional;

/**
 * Reads one outbound record: a text, a tombstone, a record that can never be read (a dead letter,
 * with its cause), or one that cannot be read just now (e.g. the Schema Registry is down: read it
 * again later).
 */
final class OutboundDecoder {

    private final Deserializer<MessageRequest> reader;

    OutboundDecoder(final Deserializer<MessageRequest> reader) {
        this.reader = reader;
    }

    /** What a record turned out to be. */
    sealed interface Decoded {
        /** A text. */
        record Text(MessageRequest request) implements Decoded {
        }

        /** No value. */
        record Tombstone() implements Decoded {
        }

        /** Never readable: to the dead-letter topic. */
        record DeadLetter(DeadLetterCause cause) implements Decoded {
        }

        /** Not readable now; {@code reason} for the log. */
        record NotNow(String reason) implements Decoded {
        }
    }

    Decoded decode(final ConsumerRecord<byte[], byte[]> record) {
        final MessageRequest request;
        try {
            request = reader.deserialize(record.topic(), record.headers(), record.value());
        } catch (final RuntimeException e) {
            final Optional<DeadLetterCause> cause = DeadLetterCause.of(e);
            return cause.<Decoded>map(Decoded.DeadLetter::new).orElseGet(() -> new Decoded.NotNow(e.toString()));
        }
        return request == null ? new Decoded.Tombstone() : new Decoded.Text(request);
    }
}
