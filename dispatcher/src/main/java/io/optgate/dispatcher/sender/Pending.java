package io.optgate.dispatcher.sender;

import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.Optional;

/**
 * A text read and not yet settled; {@code smsFrom} is resolved when it is picked for a hand-over.
 *
 * @param tp      its outbound partition
 * @param offset  its offset there
 * @param request the request
 * @param attempt the attempt it is queued as, 1 for the first
 * @param smsFrom the practice's sending number, once picked
 * @param notBefore when its hand-over may start, once picked: its pacer permit's instant
 */
record Pending(TopicPartition tp, long offset, MessageRequest request, int attempt, Optional<String> smsFrom,
               Instant notBefore) {

    /** A text just read. */
    static Pending read(final TopicPartition tp, final long offset, final MessageRequest request) {
        return new Pending(tp, offset, request, 1, Optional.empty(), Instant.EPOCH);
    }

    /** The key of the text in the ledger and everywhere the sender tells texts apart. */
    String key() {
        return TextKey.of(request);
    }

    Pending withAttempt(final int n) {
        return new Pending(tp, offset, request, n, smsFrom, notBefore);
    }

    Pending withSmsFrom(final Optional<String> from) {
        return new Pending(tp, offset, request, attempt, from, notBefore);
    }

    Pending withNotBefore(final Instant at) {
        return new Pending(tp, offset, request, attempt, smsFrom, at);
    }
}
