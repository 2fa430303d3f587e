package io.optgate.faults;

import io.optgate.faults.Traffic.Written;
import io.optgate.schema.Category;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.Verdict;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Post;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The promises, counted over one run's output. Each list of {@link #violations()} is one promise
 * broken; the figures are what docs/RELIABILITY.md publishes. A request is held to "must not go"
 * only where {@link ConsentTimeline} is certain.
 */
final class FaultChecks {

    /** Shown per violation kind, so that a report stays readable. */
    private static final int EXAMPLES = 5;

    private final Map<String, Written> written;
    private final ConsentTimeline timeline;
    private final RunOutput output;
    private final List<String> consentEventIds;
    private final Map<String, List<String>> violations = new TreeMap<>();
    private final Map<String, Long> figures = new LinkedHashMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();

    /**
     * How long after a consent-streams or broker fault is over (the process healthy again) consent
     * may still be late: the restarted instance's tasks restore and catch up on the changes of the outage.
     */
    static final Duration CONSENT_CATCH_UP = Duration.ofSeconds(15);

    /**
     * How long before a kill a consent change may have been read but not committed by the killed
     * instance: its open transaction is aborted and the change is applied only after the outage.
     */
    static final Duration UNCOMMITTED_BEFORE_KILL = Duration.ofSeconds(5);

    /**
     * Broken promises since the dispatcher waits for the consent progress probe and the send-time
     * check for consent-streams to have applied the round's inputs (docs/RELIABILITY.md, finding 1);
     * named apart from the plain case because a consent outage or a level-down is where they were
     * once seen.
     */
    static final String STALE_POST = "POST after a consent change written during a consent outage made it ineligible";
    static final String STALE_SEND = "SEND judged on older consent during a consent outage";
    static final String LEVEL_DOWN_NOT_YET_APPLIED = "POST after a staff level-down consent-streams had not applied yet";

    private final List<FaultEvent> consentOutages;
    private final Map<String, Integer> copies;
    private final Map<String, List<String>> limits = new TreeMap<>();

    FaultChecks(final Map<String, Written> written, final ConsentTimeline timeline, final RunOutput output,
                final List<String> consentEventIds, final List<FaultEvent> faults, final Map<String, Integer> copies) {
        this.copies = copies;
        this.consentOutages = faults.stream()
                .filter(fault -> fault.what().contains("consent-streams") || fault.what().contains("broker"))
                .toList();
        this.written = written;
        this.timeline = timeline;
        this.output = output;
        this.consentEventIds = consentEventIds;
        check();
    }

    private static String key(final String tenantId, final String requestId) {
        return tenantId + "/" + requestId;
    }

    /** Requests written but not decided yet, plus SENDs without any delivery event: zero once drained. */
    static long outstanding(final Map<String, Written> written, final RunOutput output) {
        final Set<String> decided = new HashSet<>();
        final Set<String> sends = new HashSet<>();
        for (final DispatchDecision decision : output.decisions()) {
            if (decision.getReason() != DecisionReason.DUPLICATE_REQUEST) {
                final String key = key(decision.getTenantId(), decision.getRequestId());
                decided.add(key);
                if (decision.getVerdict() == Verdict.SEND) {
                    sends.add(key);
                }
            }
        }
        output.deliveries().stream()
                .filter(event -> event.getStatus() != DeliveryStatus.HELD_QUIET_HOURS)
                .forEach(event -> sends.remove(key(event.getTenantId(), event.getRequestId())));
        final long undecided = written.keySet().stream().filter(key -> !decided.contains(key)).count();
        return undecided + sends.size();
    }

    private void check() {
        final Map<String, List<DispatchDecision>> decisions = new HashMap<>();
        long duplicateDecisions = 0;
        for (final DispatchDecision decision : output.decisions()) {
            if (decision.getReason() == DecisionReason.DUPLICATE_REQUEST) {
                duplicateDecisions++;
                continue;
            }
            decisions.computeIfAbsent(key(decision.getTenantId(), decision.getRequestId()), k -> new ArrayList<>()).add(decision);
            reasons.merge(decision.getVerdict() + " " + decision.getReason(), 1L, Long::sum);
        }
        figures.put("requests written (distinct)", (long) written.size());
        figures.put("requests written through the consistent_random partitioner",
                written.values().stream().filter(Written::otherPartitioner).count());
        figures.put("decision records", (long) output.decisions().size());
        figures.put("DUPLICATE_REQUEST decisions", duplicateDecisions);
        figures.put("requests decided that the test did not write (consent confirmations)",
                decisions.keySet().stream().filter(key -> !written.containsKey(key)).count());

        // One decision per distinct request, nothing lost.
        for (final Map.Entry<String, Written> entry : written.entrySet()) {
            final int count = decisions.getOrDefault(entry.getKey(), List.of()).size();
            if (count == 0) {
                violation("request without a decision (lost)", entry.getKey());
            }
        }
        // A CONSENT_STALE decision does not count as seen in the duplicate window (docs/dispatcher.md):
        // a later copy of the request is decided again. So: at most one decision that is not CONSENT_STALE, and no
        // more decisions than copies written.
        long redecided = 0;
        for (final Map.Entry<String, List<DispatchDecision>> entry : decisions.entrySet()) {
            final List<DispatchDecision> list = entry.getValue();
            final long notStale = list.stream().filter(d -> d.getReason() != DecisionReason.CONSENT_STALE).count();
            final int timesWritten = copies.getOrDefault(entry.getKey(), 1);
            if (notStale > 1 || list.size() > timesWritten) {
                violation("request with more than one decision", entry.getKey() + " x" + list.size() + " ("
                        + list.stream().map(d -> d.getVerdict() + " " + d.getReason()).toList() + ", written " + timesWritten + "x)");
            } else if (list.size() > 1) {
                redecided++;
            }
        }
        figures.put("requests decided again after CONSENT_STALE (a later copy)", redecided);

        // No SEND for a request ineligible at its time.
        long forbiddenRequests = 0;
        for (final Map.Entry<String, Written> entry : written.entrySet()) {
            final Written request = entry.getValue();
            if (!timeline.forbids(request.clientKey(), request.category(), request.requestedAt())) {
                continue;
            }
            forbiddenRequests++;
            final boolean duringOutage = changedDuringConsentOutage(request.clientKey(), request.requestedAt());
            decisions.getOrDefault(entry.getKey(), List.of()).stream()
                    .filter(decision -> decision.getVerdict() == Verdict.SEND)
                    .forEach(decision -> {
                        final String delivery = lastDelivery(entry.getKey());
                        final String example = entry.getKey() + " " + request.category() + " requestedAt "
                                + request.requestedAt() + " decidedAt " + decision.getDecidedAt() + " on "
                                + decision.getConsentLevel() + " v" + decision.getConsentVersion() + "; the test wrote "
                                + timeline.history(request.clientKey()) + "; POSTs " + postTimes(entry.getKey())
                                + "; delivery " + delivery;
                        violation(duringOutage ? STALE_SEND : "SEND for a request ineligible at its time", example);
                    });
        }
        figures.put("requests certainly ineligible at their time", forbiddenRequests);

        // Every SEND has a delivery outcome.
        final Map<String, List<DeliveryEvent>> deliveries = output.deliveries().stream()
                .collect(Collectors.groupingBy(event -> key(event.getTenantId(), event.getRequestId())));
        final Set<String> sends = decisions.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(d -> d.getVerdict() == Verdict.SEND))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        figures.put("SEND decisions", (long) sends.size());
        for (final String send : sends) {
            final List<DeliveryEvent> events = deliveries.getOrDefault(send, List.of());
            if (events.isEmpty()) {
                violation("SEND without a delivery outcome", send);
            } else {
                final DeliveryEvent last = events.get(events.size() - 1);
                outcomes.merge(last.getStatus() + (last.getErrorCode() == null ? "" : " " + last.getErrorCode()), 1L, Long::sum);
            }
        }

        // POSTs to the stand-in: never for a DROP, never while ineligible, never accepted twice.
        final Map<String, List<Post>> posts = output.posts().stream()
                .collect(Collectors.groupingBy(post -> key(post.tenantId(), post.requestId())));
        figures.put("POSTs to the Twilio stand-in", (long) output.posts().size());
        figures.put("POSTs answered 201", output.posts().stream().filter(post -> post.status() == 201).count());
        figures.put("POSTs answered 429 or 5xx (retried)", output.posts().stream().filter(post -> post.status() >= 429).count());
        long acceptedTwice = 0;
        long retried = 0;
        for (final Map.Entry<String, List<Post>> entry : posts.entrySet()) {
            final String key = entry.getKey();
            final long accepted = entry.getValue().stream().filter(post -> post.status() == 201).count();
            if (accepted > 1) {
                acceptedTwice++;
                violation("request accepted by Twilio more than once", key + " x" + accepted);
            }
            if (entry.getValue().size() > 1) {
                retried++;
            }
            if (!sends.contains(key)) {
                violation("POST for a request not decided SEND", key);
            }
            final Written request = written.get(key);
            if (request != null) {
                for (final Post post : entry.getValue()) {
                    if (timeline.forbids(request.clientKey(), request.category(), post.receivedAt())) {
                        final String example = key + " " + request.category() + " POSTed at " + post.receivedAt()
                                + "; the test wrote " + timeline.history(request.clientKey());
                        if (changedDuringConsentOutage(request.clientKey(), post.receivedAt())) {
                            violation(STALE_POST, example);
                        } else if (timeline.settledChangeLabel(request.clientKey(), post.receivedAt())
                                .filter("BASIC"::equals).isPresent()) {
                            violation(LEVEL_DOWN_NOT_YET_APPLIED, example);
                        } else {
                            violation("POST while the client or number was ineligible", example);
                        }
                    }
                }
            }
        }
        figures.put("requests POSTed more than once (after 429/5xx)", retried);
        final List<Long> handOverMillis = new ArrayList<>();
        decisions.forEach((key, list) -> list.stream().filter(d -> d.getVerdict() == Verdict.SEND).findFirst()
                .ifPresent(send -> posts.getOrDefault(key, List.of()).stream().map(Post::receivedAt).min(Instant::compareTo)
                        .ifPresent(first -> handOverMillis.add(Duration.between(send.getDecidedAt(), first).toMillis()))));
        handOverMillis.sort(Long::compare);
        if (!handOverMillis.isEmpty()) {
            figures.put("ms from SEND decision to first POST, median", handOverMillis.get(handOverMillis.size() / 2));
            figures.put("ms from SEND decision to first POST, 99th percentile",
                    handOverMillis.get(Math.min(handOverMillis.size() - 1, (int) (handOverMillis.size() * 0.99))));
            figures.put("ms from SEND decision to first POST, longest", handOverMillis.get(handOverMillis.size() - 1));
        }
        figures.put("requests accepted twice", acceptedTwice);
        final long unconfirmed = outcomes.entrySet().stream()
                .filter(entry -> entry.getKey().equals("FAILED OPTGATE_UNCONFIRMED"))
                .mapToLong(Map.Entry::getValue).sum();
        figures.put("answers lost in flight (FAILED OPTGATE_UNCONFIRMED)", unconfirmed);
        final long unconfirmedButAccepted = deliveries.entrySet().stream()
                .filter(entry -> {
                    final DeliveryEvent last = entry.getValue().get(entry.getValue().size() - 1);
                    return last.getStatus() == DeliveryStatus.FAILED && "OPTGATE_UNCONFIRMED".equals(last.getErrorCode());
                })
                .filter(entry -> posts.getOrDefault(entry.getKey(), List.of()).stream().anyMatch(post -> post.status() == 201))
                .count();
        figures.put("of those, accepted by the stand-in (sent once, answer lost)", unconfirmedButAccepted);

        // Consent: every staff change noted, every dead letter with a reason.
        final Set<String> noted = output.notes().stream().map(ConsentNote::getEventId)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        for (final String eventId : consentEventIds) {
            if (!noted.contains(eventId)) {
                violation("consent change without a note (lost)", eventId);
            }
        }
        figures.put("consent changes by staff written", (long) consentEventIds.size());
        figures.put("consent notes", (long) output.notes().size());
        long deadLetters = 0;
        for (final Map.Entry<String, List<ConsumerRecord<String, byte[]>>> topic : output.deadLetters().entrySet()) {
            for (final ConsumerRecord<String, byte[]> record : topic.getValue()) {
                deadLetters++;
                if (record.headers().lastHeader("optgate.dlq.reason") == null) {
                    violation("dead letter without a reason", topic.getKey() + "@" + record.partition() + ":" + record.offset());
                }
            }
        }
        figures.put("dead letters", deadLetters);
    }

    /** Whether the change that made the client ineligible at {@code at} was written while consent-streams was behind. */
    private boolean changedDuringConsentOutage(final String clientKey, final Instant at) {
        return timeline.settledChangeAt(clientKey, at)
                .map(changed -> consentOutages.stream().anyMatch(fault -> !changed.isBefore(fault.at().minus(UNCOMMITTED_BEFORE_KILL))
                        && !changed.isAfter(fault.healthyAt().plus(CONSENT_CATCH_UP))))
                .orElse(false);
    }

    private String postTimes(final String key) {
        return output.posts().stream()
                .filter(post -> key(post.tenantId(), post.requestId()).equals(key))
                .map(post -> post.receivedAt() + " (" + post.status() + ")")
                .toList().toString();
    }

    private void limit(final String kind, final String example) {
        limits.computeIfAbsent(kind, k -> new ArrayList<>()).add(example);
    }

    /** Cases the documented limits explain, by kind: counted and published, not failed. */
    Map<String, List<String>> limits() {
        return limits;
    }

    private String lastDelivery(final String key) {
        final List<DeliveryEvent> events = output.deliveries().stream()
                .filter(event -> key(event.getTenantId(), event.getRequestId()).equals(key))
                .toList();
        if (events.isEmpty()) {
            return "none";
        }
        final DeliveryEvent last = events.get(events.size() - 1);
        return last.getStatus() + (last.getErrorCode() == null ? "" : " " + last.getErrorCode());
    }

    private void violation(final String kind, final String example) {
        violations.computeIfAbsent(kind, k -> new ArrayList<>()).add(example);
    }

    /** Adds what a check run apart (e.g. {@link ConsentReplayCheck}) found: figures, broken promises, counted limits. */
    void add(final Map<String, Long> moreFigures, final Map<String, List<String>> moreViolations,
             final Map<String, List<String>> moreLimits) {
        figures.putAll(moreFigures);
        moreViolations.forEach((kind, cases) -> cases.forEach(example -> violation(kind, example)));
        moreLimits.forEach((kind, cases) -> cases.forEach(example -> limit(kind, example)));
    }

    /** Broken promises by kind, with every case. */
    Map<String, List<String>> violations() {
        return violations;
    }

    Map<String, Long> figures() {
        return figures;
    }

    /** Last delivery status (and error code) of each SEND, counted. */
    Map<String, Long> outcomes() {
        return outcomes;
    }

    /** Non-duplicate decisions by verdict and reason. */
    Map<String, Long> reasons() {
        return reasons;
    }

    /** The longest pause between two consecutive decisions from {@code from} to {@code to}. */
    Duration longestDecisionPause(final Instant from, final Instant to) {
        final List<Instant> times = output.decisions().stream()
                .map(DispatchDecision::getDecidedAt)
                .filter(at -> !at.isBefore(from) && !at.isAfter(to))
                .sorted()
                .toList();
        Duration longest = times.isEmpty() ? Duration.between(from, to) : Duration.between(from, times.get(0));
        for (int i = 1; i < times.size(); i++) {
            final Duration gap = Duration.between(times.get(i - 1), times.get(i));
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return longest;
    }

    /** A few examples of each broken promise, for a failure message. */
    String summary() {
        return violations.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue().size() + " e.g. "
                        + entry.getValue().subList(0, Math.min(EXAMPLES, entry.getValue().size())))
                .collect(Collectors.joining("\n"));
    }
}
