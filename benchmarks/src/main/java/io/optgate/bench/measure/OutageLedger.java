package io.optgate.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the consent outage phase counts: every request it made (its client, when it was requested,
 * and whether consent-streams was stopped then), every STOP it wrote (when the broker had
 * acknowledged it), and the decision on each request. A request made after its client's STOP was
 * acknowledged must never be SENT, whatever state consent-streams is in: the dispatcher either
 * waits until consent is known current up to the request's time, or decides CONSENT_STALE. Such a
 * SEND is what {@link Tally#sentAfterStop()} counts. Thread-safe: requests come from the trickle,
 * decisions from the watcher's thread.
 */
public final class OutageLedger {

    /** When a request was made, relative to the outage. */
    public enum Period { BEFORE, DURING, AFTER }

    /** How a decision is read: verdict SEND or not, the reason's name and the decision time. */
    public record Decision(boolean sent, String reason, long decidedAtMillis) {
    }

    private record Request(String clientKey, long requestedAtMillis, Period period) {
    }

    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, Long> stoppedAt = new ConcurrentHashMap<>();
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

    /** A request was produced. */
    public void requested(final String requestId, final String clientKey, final long requestedAtMillis, final Period period) {
        requests.put(requestId, new Request(clientKey, requestedAtMillis, period));
    }

    /** The STOP of {@code clientKey} was acknowledged by the broker at {@code atMillis}. */
    public void stopped(final String clientKey, final long atMillis) {
        stoppedAt.merge(clientKey, atMillis, Math::min);
    }

    /** The first decision on {@code requestId} (later ones, which exactly-once never writes, are ignored). */
    public void decided(final String requestId, final Decision decision) {
        if (requests.containsKey(requestId)) {
            decisions.putIfAbsent(requestId, decision);
        }
    }

    /** Whether every request has its decision. */
    public boolean complete() {
        return decisions.size() >= requests.size();
    }

    /** How many requests have been made. */
    public int requestCount() {
        return requests.size();
    }

    /** The counts over every request made in {@code period}. */
    public Tally tally(final Period period) {
        int made = 0;
        int decided = 0;
        int sent = 0;
        int sentAfterStop = 0;
        int droppedAfterStop = 0;
        int stale = 0;
        final List<Long> waits = new ArrayList<>();
        for (final Map.Entry<String, Request> entry : requests.entrySet()) {
            final Request request = entry.getValue();
            if (request.period() != period) {
                continue;
            }
            made++;
            final Decision decision = decisions.get(entry.getKey());
            if (decision == null) {
                continue;
            }
            decided++;
            waits.add((decision.decidedAtMillis() - request.requestedAtMillis()) * 1_000_000L);
            final Long stop = stoppedAt.get(request.clientKey());
            final boolean afterStop = stop != null && request.requestedAtMillis() > stop;
            if (decision.sent()) {
                sent++;
                if (afterStop) {
                    sentAfterStop++;
                }
            } else if (afterStop) {
                droppedAfterStop++;
            }
            if ("CONSENT_STALE".equals(decision.reason())) {
                stale++;
            }
        }
        return new Tally(made, decided, sent, sentAfterStop, droppedAfterStop, stale,
                Percentiles.ofNanos(waits.stream().mapToLong(Long::longValue).toArray()));
    }

    /**
     * @param made             requests made in the period
     * @param decided          of them, with a decision
     * @param sent             decided SEND
     * @param sentAfterStop    SENT although made after the client's STOP was acknowledged: must be 0
     * @param droppedAfterStop made after the client's STOP and not sent
     * @param stale            decided CONSENT_STALE
     * @param untilDecided     decidedAt − requestedAt (wall clock, ms resolution)
     */
    public record Tally(int made, int decided, int sent, int sentAfterStop, int droppedAfterStop, int stale, Percentiles untilDecided) {
    }
}
