package io.optgate.dispatcher.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the judge knows of its buffer without reading it: which requests wait (for the duplicate
 * check) and, ordered by the instant consent must be current up to, which of them may be judged now.
 * <p>
 * The release punctuation runs every few tens of milliseconds. Reading (and decoding) the whole
 * buffer each time made its cost grow with the buffer: while consent-streams ran behind, thousands
 * of waiting requests were re-read twenty times a second, the dispatcher fell further behind, and
 * missed its poll deadline (docs/RELIABILITY.md, finding 4). With this index a punctuation touches
 * only the requests it releases. In memory only: rebuilt from the restored buffer at every init.
 */
final class WaitingRequests {

    private record Waiting(String bufferKey, String seenKey, long neededUpTo, long arrival) {
    }

    private static final Comparator<Waiting> BY_NEED =
            Comparator.comparingLong(Waiting::neededUpTo).thenComparing(Waiting::bufferKey);
    /** Sorts after every buffer key (digits, '|', ids of [A-Za-z0-9._:-]). */
    private static final String AFTER_EVERY_KEY = "\uffff";

    private final Map<String, Waiting> byBufferKey = new HashMap<>();
    private final NavigableSet<Waiting> byNeed = new TreeSet<>(BY_NEED);
    private final Set<String> seenKeys = new HashSet<>();

    /**
     * A request put in the buffer.
     *
     * @param neededUpTo the instant (epoch ms) consent must be known current up to before it is judged
     * @param arrival    when it arrived (epoch ms, the buffer key's time)
     */
    void add(final String bufferKey, final String seenKey, final long neededUpTo, final long arrival) {
        final Waiting waiting = new Waiting(bufferKey, seenKey, neededUpTo, arrival);
        final Waiting before = byBufferKey.put(bufferKey, waiting);
        if (before != null) {
            byNeed.remove(before);
        }
        byNeed.add(waiting);
        seenKeys.add(seenKey);
    }

    /** A request taken out of the buffer (judged or stale). */
    void remove(final String bufferKey) {
        final Waiting waiting = byBufferKey.remove(bufferKey);
        if (waiting != null) {
            byNeed.remove(waiting);
            seenKeys.remove(waiting.seenKey());
        }
    }

    /** Whether a request with this seen-key ({@link DecidedRequests#key}) waits. */
    boolean contains(final String seenKey) {
        return seenKeys.contains(seenKey);
    }

    /**
     * The buffer keys of the requests that may be judged now: consent is known current up to what
     * they need, and they arrived no later than {@code arrivedBy} (the grace period is over).
     */
    List<String> ready(final long currentUpTo, final long arrivedBy) {
        final List<String> ready = new ArrayList<>();
        for (final Waiting waiting : byNeed.headSet(new Waiting(AFTER_EVERY_KEY, "", currentUpTo, 0), true)) {
            if (waiting.arrival() <= arrivedBy) {
                ready.add(waiting.bufferKey());
            }
        }
        return ready;
    }

    int size() {
        return byBufferKey.size();
    }

    void clear() {
        byBufferKey.clear();
        byNeed.clear();
        seenKeys.clear();
    }
}
