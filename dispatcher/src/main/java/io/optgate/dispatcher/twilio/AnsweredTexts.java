package io.optgate.dispatcher.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inbound texts this instance has already replied to, by MessageSid, so that Twilio posting the
 * same text again (a retry after a timeout) does not make the client get the reply twice. Bounded:
 * the oldest are forgotten first, long after any retry.
 */
final class AnsweredTexts {

    private final Map<String, Boolean> answered;

    AnsweredTexts(final int capacity) {
        this.answered = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether this is the first reply to {@code messageSid}; remembers it. */
    synchronized boolean first(final String messageSid) {
        return answered.putIfAbsent(messageSid, Boolean.TRUE) == null;
    }
}
