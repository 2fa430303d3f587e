package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.dispatcher.progress.ConsentProgress;
import io.optgate.schema.Category;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.consent;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The judge without a fixed wait: a request is decided as soon as consent is known current up to
 * its time, held while it is not, and CONSENT_STALE after the bound.
 */
class ConsentProgressTopologyTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    /** How far consent is current, as the test says. */
    private final AtomicLong currentUpTo = new AtomicLong(Long.MIN_VALUE);
    private DispatcherDriver dispatcher;

    @BeforeEach
    void start() {
        final ConsentProgress progress = partition -> currentUpTo.get();
        dispatcher = new DispatcherDriver(DispatchTuning.DEFAULTS.withGrace(Duration.ZERO).withConsentProgress(progress, MAX_WAIT), stateDir);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private void currentUpTo(final Instant instant) {
        currentUpTo.set(instant.toEpochMilli());
    }

    @Test
    void whenConsentIsCurrentARequestIsDecidedOnArrivalWithoutWaiting() {
        currentUpTo(START);

        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());

        final List<DispatchDecision> decided = dispatcher.decided();
        assertThat(decided).extracting(DispatchDecision::getReason).containsExactly(DecisionReason.ELIGIBLE);
        assertThat(decided.get(0).getDecidedAt()).isEqualTo(START);
    }

    @Test
    void aRequestWaitsWhileConsentStreamsCatchesUpAndAStopItAppliedMeanwhileWins() {
        currentUpTo(START.minusSeconds(5));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(Duration.ofSeconds(3));
        assertThat(dispatcher.decided()).as("held: consent is not known current up to the request").isEmpty();

        // consent-streams applies the client's STOP, which happened before the request, and catches up.
        dispatcher.consent(consent("c1", SmsLevel.OPTED_OUT, 3).setUpdatedAt(START.minusSeconds(1)).build(), START.minusSeconds(1));
        currentUpTo(dispatcher.now());
        dispatcher.tick(Duration.ofMillis(40));

        final List<DispatchDecision> decided = dispatcher.decided();
        assertThat(decided).extracting(DispatchDecision::getReason).containsExactly(DecisionReason.OPTED_OUT);
        assertThat(dispatcher.outboundSms.isEmpty()).isTrue();
    }

    @Test
    void consentNeverCurrentWithinTheBoundIsConsentStaleNotSentAndTheSameIdMayComeAgain() {
        currentUpTo(START.minusSeconds(60));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(MAX_WAIT.minusSeconds(1));
        assertThat(dispatcher.decided()).isEmpty();

        dispatcher.tick(Duration.ofSeconds(2));

        final List<DispatchDecision> stale = dispatcher.decided();
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0).getVerdict()).isEqualTo(Verdict.DROP);
        assertThat(stale.get(0).getReason()).isEqualTo(DecisionReason.CONSENT_STALE);
        assertThat(stale.get(0).getDetail()).contains("consent-streams", "same requestId");
        assertThat(dispatcher.outboundSms.isEmpty()).isTrue();

        // consent-streams is back; the upstream sends the same request again: it is judged, not a duplicate.
        currentUpTo(dispatcher.now());
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setRequestedAt(dispatcher.now()).build());
        assertThat(dispatcher.decided()).extracting(DispatchDecision::getReason).containsExactly(DecisionReason.ELIGIBLE);
        assertThat(dispatcher.outboundSms.readValuesToList()).hasSize(1);
    }

    @Test
    void aConsentStaleDecisionIsShownUntilALaterCopyIsJudgedAndReplacesIt() {
        currentUpTo(START.minusSeconds(60));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(MAX_WAIT.plusSeconds(1));
        assertThat(dispatcher.statuses().find(DispatcherDriver.TENANT, "r1").orElseThrow().decision().getReason())
                .isEqualTo(DecisionReason.CONSENT_STALE);
        assertThat(dispatcher.recentDecisions("c1", Duration.ofDays(7), 20)).extracting(DispatchDecision::getReason)
                .containsExactly(DecisionReason.CONSENT_STALE);

        currentUpTo(dispatcher.now());
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setRequestedAt(dispatcher.now()).build());

        assertThat(dispatcher.statuses().find(DispatcherDriver.TENANT, "r1").orElseThrow().decision().getReason())
                .isEqualTo(DecisionReason.ELIGIBLE);
        assertThat(dispatcher.recentDecisions("c1", Duration.ofDays(7), 20)).extracting(DispatchDecision::getReason)
                .containsExactly(DecisionReason.ELIGIBLE);
        // Now it was judged on consent: a further copy is a duplicate.
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setRequestedAt(dispatcher.now()).build());
        assertThat(dispatcher.decided()).extracting(DispatchDecision::getReason)
                .containsExactly(DecisionReason.CONSENT_STALE, DecisionReason.ELIGIBLE, DecisionReason.DUPLICATE_REQUEST);
        assertThat(dispatcher.outboundSms.readValuesToList()).hasSize(1);
    }

    @Test
    void aCopyOfAConsentStaleRequestThatIsStaleAgainReplacesItToo() {
        currentUpTo(START.minusSeconds(60));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(MAX_WAIT.plusSeconds(1));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setRequestedAt(dispatcher.now()).build());
        dispatcher.tick(MAX_WAIT.plusSeconds(1));

        final List<DispatchDecision> decided = dispatcher.decided();
        assertThat(decided).extracting(DispatchDecision::getReason)
                .containsExactly(DecisionReason.CONSENT_STALE, DecisionReason.CONSENT_STALE);
        assertThat(dispatcher.recentDecisions("c1", Duration.ofDays(7), 20)).containsExactly(decided.get(1));
        assertThat(dispatcher.statuses().find(DispatcherDriver.TENANT, "r1").orElseThrow().decision()).isEqualTo(decided.get(1));
    }

    @Test
    void aDuplicateOfARequestStillWaitingIsADuplicate() {
        currentUpTo(START.minusSeconds(5));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        currentUpTo(dispatcher.now());
        dispatcher.tick(Duration.ofMillis(40));

        assertThat(dispatcher.decided()).extracting(DispatchDecision::getReason)
                .containsExactly(DecisionReason.DUPLICATE_REQUEST, DecisionReason.ELIGIBLE);
        assertThat(dispatcher.outboundSms.readValuesToList()).hasSize(1);
    }

    @Test
    void anUpstreamClockAheadOfOursDoesNotHoldARequestBack() {
        currentUpTo(START);

        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).setRequestedAt(START.plusSeconds(600)).build());

        assertThat(dispatcher.decided()).extracting(DispatchDecision::getReason).containsExactly(DecisionReason.ELIGIBLE);
    }
}
