package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.dispatcher.sender.HandOverPolicy.ConsentNow;
import io.optgate.dispatcher.sender.HandOverPolicy.Verdict;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Picks the texts of one round from the fair queue, asking the {@link HandOverPolicy} about each
 * head: the ledger's word first, then the send-time check. Before the first text of the round is
 * judged for consent, two things must hold: consent-streams is known to have applied every consent
 * input appended before the round began ({@link ConsentApplied}, the probe's steps 1 to 3), and then
 * the {@link ConsentTail} catches up to end offsets fetched after that; the round's picks (at most
 * {@code maxConcurrency} minus those in flight, each with a pacer permit valid within
 * {@link #PACING_HORIZON}, at whose instant its hand-over starts) are all judged against it. So the check sees every
 * staff level-down and STOP appended before the round, however far behind consent-streams runs;
 * while that is not known (consent-streams down or behind) nothing is handed over and the texts stay
 * queued. The round's beginning is kept across polls until it is covered: a probe can only cover an
 * instant before it started, so a beginning taken afresh at each poll would never be. A practice
 * paused after a 429 ({@link PracticePauses}) is passed over; the others take their turns.
 */
final class HandOverPicker {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverPicker.class);
    /** How long one round may spend catching up on consent before it hands nothing over. */
    private static final Duration CONSENT_CATCH_UP = Duration.ofMillis(200);
    /**
     * How far ahead a round may take pacer permits: so that one round (one transaction) hands over
     * several texts, each starting at its permit's instant, instead of one text per round.
     */
    static final Duration PACING_HORIZON = Duration.ofMillis(100);
    /** How long a round waits for consent-streams before it says so in the log. */
    private static final Duration APPLIED_WARN_AFTER = Duration.ofSeconds(10);

    private final FairQueue<Pending> queue;
    private final Ledger ledger;
    private final ConsentTail consent;
    private final PracticeDirectory practices;
    private final HandOvers handOvers;
    private final ResultSettlement settlement;
    private final boolean paced;
    private final int maxConcurrency;
    private final Clock clock;
    private final ConsentApplied applied;
    private Instant practicesWarnedAt = Instant.EPOCH;
    /** The beginning (epoch ms) of the round waiting for consent-streams; {@link Long#MIN_VALUE}: none waits. */
    private long roundBegan = Long.MIN_VALUE;
    private Instant appliedWarnedAt = Instant.EPOCH;

    HandOverPicker(final FairQueue<Pending> queue, final Ledger ledger, final ConsentTail consent,
                   final PracticeDirectory practices, final HandOvers handOvers, final ResultSettlement settlement,
                   final boolean paced, final int maxConcurrency, final Clock clock, final ConsentApplied applied) {
        this.queue = queue;
        this.ledger = ledger;
        this.consent = consent;
        this.practices = practices;
        this.handOvers = handOvers;
        this.settlement = settlement;
        this.paced = paced;
        this.maxConcurrency = maxConcurrency;
        this.clock = clock;
        this.applied = applied;
    }

    /** Whether a round is waiting for consent-streams to apply the inputs appended before it began. */
    boolean waitingForConsentStreams() {
        return roundBegan != Long.MIN_VALUE;
    }

    /** Chooses the texts to hand over this round, settling on the way those that need no hand-over. */
    List<Pending> pick(final Instant now, final Pacer pacer, final PracticePauses pauses, final Consumer<Write> writes,
                       final OwnedPartitions owned) {
        final Predicate<String> ready = tenantId -> !pauses.paused(tenantId, now);
        final List<Pending> picked = new ArrayList<>();
        final Set<String> pickedKeys = new HashSet<>();
        boolean consentCaughtUp = false;
        boolean consentAsked = false;
        while (handOvers.inFlight() + picked.size() < maxConcurrency) {
            final Optional<Pending> head = queue.peek(ready);
            if (head.isEmpty()) {
                break;
            }
            final Pending next = head.get();
            final Verdict fromLedger = HandOverPolicy.fromLedger(next.attempt(), ledger.get(next),
                    pickedKeys.contains(next.key()));
            if (!(fromLedger instanceof Verdict.Continue toJudge)) {
                queue.poll(ready);
                settleWithoutHandOver(next, fromLedger, now, writes, owned);
                continue;
            }
            if (!consentCaughtUp) {
                consentAsked = true;
                consentCaughtUp = appliedSinceRoundBegan() && consent.catchUp(CONSENT_CATCH_UP);
                if (!consentCaughtUp) {
                    break;
                }
            }
            final ConsentNow current;
            try {
                current = consentNow(next.request());
            } catch (final RuntimeException e) {
                practicesUnavailable(e);
                break;
            }
            final Verdict verdict = HandOverPolicy.atHandOver(next.request(), toJudge.attempt(), current, clock.instant());
            if (!(verdict instanceof Verdict.HandOver handOver)) {
                queue.poll(ready);
                settleWithoutHandOver(next, verdict, now, writes, owned);
                continue;
            }
            final Optional<Instant> permit = paced ? pacer.reserve(now, PACING_HORIZON) : Optional.of(now);
            if (permit.isEmpty()) {
                break;
            }
            queue.poll(ready);
            pickedKeys.add(next.key());
            picked.add(next.withAttempt(handOver.attempt())
                    .withSmsFrom(sendingNumber(next.request().getTenantId()))
                    .withNotBefore(permit.get()));
        }
        if (!consentAsked) {
            // Nobody waited this round: a beginning kept from an earlier wait would be stale (older
            // than consent changes made since), so the next round that needs consent takes a new one.
            roundBegan = Long.MIN_VALUE;
        }
        return picked;
    }

    /**
     * True once consent-streams has applied every input appended before this round began (the
     * round's beginning stays until then); the consent topics may be read for the check after that.
     */
    private boolean appliedSinceRoundBegan() {
        if (roundBegan == Long.MIN_VALUE) {
            roundBegan = clock.millis();
        }
        final long upTo = applied.appliedUpTo();
        if (upTo < roundBegan) {
            appliedNotKnown(upTo);
            return false;
        }
        roundBegan = Long.MIN_VALUE;
        return true;
    }

    /** Logged once a minute while a round has waited more than {@link #APPLIED_WARN_AFTER}. */
    private void appliedNotKnown(final long upTo) {
        final Instant now = clock.instant();
        if (now.toEpochMilli() - roundBegan >= APPLIED_WARN_AFTER.toMillis()
                && now.isAfter(appliedWarnedAt.plus(Duration.ofMinutes(1)))) {
            appliedWarnedAt = now;
            LOG.warn("consent-streams is known to have applied consent inputs only up to {}; hand-overs wait (texts stay queued)",
                    upTo == Long.MIN_VALUE ? "nothing yet" : Instant.ofEpochMilli(upTo));
        }
    }

    private Optional<String> sendingNumber(final String tenantId) {
        try {
            return practices.sendingNumber(tenantId);
        } catch (final RuntimeException e) {
            // Fail closed: without a number of its own the text fails rather than go out From another's.
            LOG.warn("sending number of tenantId={} not readable: {}", tenantId, e.toString());
            return Optional.empty();
        }
    }

    /** The consent the send-time check judges against; throws when practice settings are not readable yet. */
    private ConsentNow consentNow(final MessageRequest request) {
        final Optional<CommunicationSettings> practice = practices.settings(request.getTenantId());
        final Optional<PreferenceDefinition> preference = request.getPreferenceId() == null
                ? Optional.empty() : practices.preference(request.getTenantId(), request.getPreferenceId());
        return new ConsentNow(consent.client(request.getTenantId(), request.getClientId()),
                consent.phone(request.getTenantId(), request.getTo()), practice, preference);
    }

    private void settleWithoutHandOver(final Pending p, final Verdict verdict, final Instant now,
                                       final Consumer<Write> writes, final OwnedPartitions owned) {
        final Optional<Write> write = settlement.settle(p, verdict, now);
        if (write.isPresent()) {
            writes.accept(write.get());
        } else {
            owned.of(p.tp()).finished(p.offset());
        }
    }

    /** The practice settings are not readable yet (e.g. still restoring): hand-overs wait, logged once a minute. */
    private void practicesUnavailable(final RuntimeException e) {
        final Instant now = clock.instant();
        if (now.isAfter(practicesWarnedAt.plus(Duration.ofMinutes(1)))) {
            practicesWarnedAt = now;
            LOG.warn("practice settings not available yet, hand-overs wait: {}", e.toString());
        }
    }
}
