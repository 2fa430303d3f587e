package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.decision.Decision;
import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.util.Optional;

/**
 * Applies the {@link FrequencyCap}s to the judge's decisions: counts the texts decided SEND per
 * client and category and turns the next one over the cap into a FREQUENCY_CAPPED drop. Only
 * sends are counted, so a dropped text (whatever the reason, a duplicate included) never uses up
 * a client's allowance.
 */
final class FrequencyLedger {

    private final WindowStore<String, String> sent;
    private final Optional<FrequencyCap> marketing;

    FrequencyLedger(final WindowStore<String, String> sent, final Optional<FrequencyCap> marketing) {
        this.sent = sent;
        this.marketing = marketing;
    }

    /** The decision to record: a send over the cap becomes a drop; a send within it is counted. */
    Decision apply(final String clientKey, final MessageRequest request, final Decision decision, final long now) {
        if (!(decision instanceof Decision.Send send)) {
            return decision;
        }
        final Optional<FrequencyCap> cap = FrequencyCap.of(request.getCategory(), marketing);
        if (cap.isEmpty()) {
            return decision;
        }
        final String key = key(clientKey, request);
        if (sentWithin(key, cap.get(), now) >= cap.get().limit()) {
            return cap.get().drop(request.getCategory(), send.basis());
        }
        sent.put(key, request.getRequestId(), now);
        return decision;
    }

    private int sentWithin(final String key, final FrequencyCap cap, final long now) {
        final long from = Math.max(0, now - cap.period().toMillis() + 1);
        int count = 0;
        try (WindowStoreIterator<String> earlier = sent.fetch(key, from, now)) {
            while (earlier.hasNext() && count < cap.limit()) {
                earlier.next();
                count++;
            }
        }
        return count;
    }

    private static String key(final String clientKey, final MessageRequest request) {
        return clientKey + "|" + request.getCategory();
    }
}
