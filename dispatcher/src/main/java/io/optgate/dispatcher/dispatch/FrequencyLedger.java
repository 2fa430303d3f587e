package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.decision.Decision;
import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.dispatcher.decision.FrequencyCaps;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.util.Optional;

/**
 * Applies the {@link FrequencyCaps} to the judge's decisions: counts the texts decided SEND per
 * client and category and turns the next one over a cap into a FREQUENCY_CAPPED drop. Only
 * sends are counted, so a dropped text (whatever the reason, a duplicate included) never uses up
 * a client's allowance. The practice's caps are read from its settings as they are now.
 */
final class FrequencyLedger {

    private final WindowStore<String, String> sent;
    private final Optional<FrequencyCap> marketingDefault;
    private final PracticeDirectory practices;

    FrequencyLedger(final WindowStore<String, String> sent, final Optional<FrequencyCap> marketingDefault,
                    final PracticeDirectory practices) {
        this.sent = sent;
        this.marketingDefault = marketingDefault;
        this.practices = practices;
    }

    /** The decision to record: a send over a cap becomes a drop; a send within them is counted. */
    Decision apply(final String clientKey, final MessageRequest request, final Decision decision, final long now) {
        if (!(decision instanceof Decision.Send send)) {
            return decision;
        }
        final FrequencyCaps caps = FrequencyCaps.of(
                request.getCategory(), practices.settings(request.getTenantId()), marketingDefault);
        if (caps.problem().isPresent()) {
            return caps.invalidDrop(send.basis());
        }
        if (caps.caps().isEmpty()) {
            return decision;
        }
        final String key = key(clientKey, request);
        for (final FrequencyCap cap : caps.caps()) {
            if (sentWithin(key, cap, now) >= cap.limit()) {
                return cap.drop(request.getCategory(), send.basis());
            }
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
