package io.optgate.consent.rules;

import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.PHONE;
import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.STAFF;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.client;
import static io.optgate.consent.rules.Fixtures.pendingMarketing;
import static io.optgate.consent.rules.Fixtures.practice;
import static io.optgate.consent.rules.Fixtures.settings;
import static io.optgate.consent.rules.Fixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarketingDoubleOptInTest {

    private static final Instant LATER = T0.plus(Duration.ofHours(2));

    @Test
    void selectingMarketingKeepsTheLevelRecordsAPendingRequestAndAsksForConfirmationWithThePracticesText() {
        final Practice practice = practice(settings(false, null, "Reply YES for offers from Happy Paws."));

        final Outcome outcome = RULES.onClientEvent(Optional.of(client(SmsLevel.FULL_TRANSACTIONAL)),
                Fixtures.level(STAFF, SmsLevel.MARKETING), practice, SuppressedNumbers.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(state.getPendingLevel()).isEqualTo(SmsLevel.MARKETING);
        assertThat(state.getPendingSince()).isEqualTo(T0);
        final ConsentNote note = outcome.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.MARKETING_REQUESTED);
        assertThat(note.getPreviousLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(note.getNewLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(note.getText()).isEqualTo("Dr. Jane Smith requested Marketing texts; a confirmation text was sent and "
                + "SMS opt-in stays Full Transactional until the client replies YES.");
        final MessageRequest text = outcome.messages().get(0);
        assertThat(text.getCategory()).isEqualTo(Category.CONSENT_CONFIRMATION);
        assertThat(text.getChannel()).isEqualTo(Channel.SMS);
        assertThat(text.getTo()).isEqualTo(PHONE);
        assertThat(text.getBody()).isEqualTo("Reply YES for offers from Happy Paws.");
        assertThat(text.getTenantId()).isEqualTo(Fixtures.TENANT);
        assertThat(text.getClientId()).isEqualTo(Fixtures.CLIENT);
        assertThat(text.getRequestedAt()).isEqualTo(T0);
        assertThat(text.getExpiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(text.getSource()).isEqualTo(ConsentRules.MESSAGE_SOURCE);
    }

    @Test
    void withoutAPracticeTextTheConfirmationUsesTheDefaultText() {
        final Outcome withoutSettings = RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)),
                Fixtures.level(STAFF, SmsLevel.MARKETING), Practice.NONE, SuppressedNumbers.NONE, LATER);
        final Outcome withBlankText = RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)),
                Fixtures.level(STAFF, SmsLevel.MARKETING), practice(settings(true, null, "  ")), SuppressedNumbers.NONE, LATER);

        assertThat(withoutSettings.messages().get(0).getBody()).isEqualTo(ConsentRules.DEFAULT_CONFIRMATION_TEXT);
        assertThat(withBlankText.messages().get(0).getBody()).isEqualTo(ConsentRules.DEFAULT_CONFIRMATION_TEXT);
    }

    @Test
    void theSameRequestTwiceRequestsTheSameConfirmationText() {
        final var event = Fixtures.level(STAFF, SmsLevel.MARKETING);
        final Outcome first = RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)), event, Practice.NONE, SuppressedNumbers.NONE, LATER);
        final Outcome again = RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)), event, Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(again.messages().get(0).getRequestId()).isEqualTo(first.messages().get(0).getRequestId());
        assertThat(again.notes().get(0).getNoteId()).isEqualTo(first.notes().get(0).getNoteId());
    }

    @Test
    void yesFromTheClientsPhoneMakesTheLevelMarketing() {
        final ConsentState pending = pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0);

        final Outcome outcome = RULES.onPhoneSignal(pending, signal(PhoneConsentKind.CONFIRM, "YES", LATER), Practice.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.MARKETING);
        assertThat(state.getPendingLevel()).isNull();
        assertThat(state.getPendingSince()).isNull();
        assertThat(state.getVersion()).isEqualTo(pending.getVersion() + 1);
        assertThat(state.getUpdatedAt()).isEqualTo(LATER);
        assertThat(state.getUpdatedBy().getType()).isEqualTo(ActorType.CLIENT);
        final ConsentNote note = outcome.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.MARKETING_CONFIRMED);
        assertThat(note.getPreviousLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
        assertThat(note.getNewLevel()).isEqualTo(SmsLevel.MARKETING);
        assertThat(note.getText()).isEqualTo("The client replied YES to the confirmation text; SMS opt-in changed from "
                + "Basic Transactional to Marketing.");
        assertThat(note.getEventId()).isNotNull();
    }

    @Test
    void yesWithoutAPendingRequestChangesNothing() {
        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.FULL_TRANSACTIONAL),
                signal(PhoneConsentKind.CONFIRM, "YES", LATER), Practice.NONE, LATER);

        assertThat(outcome).isEqualTo(Outcome.unchanged());
    }

    @Test
    void yesFromAnotherNumberConfirmsNothing() {
        final ConsentState pending = ConsentState.newBuilder(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0))
                .setPhone(Fixtures.OTHER_PHONE).build();

        final Outcome outcome = RULES.onPhoneSignal(pending, signal(PhoneConsentKind.CONFIRM, "YES", LATER), Practice.NONE, LATER);

        assertThat(outcome).isEqualTo(Outcome.unchanged());
    }

    @Test
    void anUnansweredRequestLapsesAfterTheTtlWithANoteByOptgate() {
        final ConsentState pending = pendingMarketing(SmsLevel.FULL_TRANSACTIONAL, T0);

        final Outcome early = RULES.onClock(pending, Practice.NONE, T0.plus(Duration.ofDays(7)).minusMillis(1));
        final Outcome due = RULES.onClock(pending, Practice.NONE, T0.plus(Duration.ofDays(8)));

        assertThat(early).isEqualTo(Outcome.unchanged());
        final ConsentState state = due.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(state.getPendingLevel()).isNull();
        assertThat(state.getUpdatedAt()).as("stamped when it fell due, not when noticed").isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(state.getUpdatedBy()).isEqualTo(ConsentRules.OPTGATE);
        final ConsentNote note = due.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.MARKETING_LAPSED);
        assertThat(note.getAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(note.getText()).isEqualTo("The client did not confirm Marketing texts within 7 days; the request lapsed "
                + "and SMS opt-in stays Full Transactional.");
        assertThat(RULES.nextDeadline(pending)).contains(T0.plus(Duration.ofDays(7)));
        assertThat(RULES.nextDeadline(state)).isEmpty();
    }

    @Test
    void theTtlIsConfigurableAndNamedInTheNote() {
        final ConsentRules rules = new ConsentRules(Duration.ofHours(12));

        final Outcome due = rules.onClock(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0), Practice.NONE, T0.plus(Duration.ofHours(12)));

        assertThat(due.notes().get(0).getText()).contains("within 12 hours");
    }

    @Test
    void aYesAfterTheRequestLapsedConfirmsNothingButTheLapseIsRecorded() {
        final Instant afterTtl = T0.plus(Duration.ofDays(9));

        final Outcome outcome = RULES.onPhoneSignal(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0),
                signal(PhoneConsentKind.CONFIRM, "YES", afterTtl), Practice.NONE, afterTtl);

        assertThat(outcome.notes()).extracting(ConsentNote::getKind).containsExactly(NoteKind.MARKETING_LAPSED);
        assertThat(outcome.latest().orElseThrow().getLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
    }

    @Test
    void aYesSentBeforeTheDeadlineButProcessedAfterItStillConfirms() {
        final Instant sentBeforeDeadline = T0.plus(Duration.ofDays(7)).minusSeconds(60);
        final Instant processedAfterDeadline = T0.plus(Duration.ofDays(7)).plusSeconds(60);

        final Outcome outcome = RULES.onPhoneSignal(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0),
                signal(PhoneConsentKind.CONFIRM, "YES", sentBeforeDeadline), Practice.NONE, processedAfterDeadline);

        assertThat(outcome.notes()).extracting(ConsentNote::getKind).containsExactly(NoteKind.MARKETING_CONFIRMED);
    }

    @Test
    void aLapseDueBeforeAnEventIsRecordedAsItsOwnVersionFirst() {
        final Instant muchLater = T0.plus(Duration.ofDays(10));

        final Outcome outcome = RULES.onClientEvent(Optional.of(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0)),
                Fixtures.level(STAFF, SmsLevel.FULL_TRANSACTIONAL, false, muchLater), Practice.NONE, SuppressedNumbers.NONE, muchLater);

        assertThat(outcome.notes()).extracting(ConsentNote::getKind)
                .containsExactly(NoteKind.MARKETING_LAPSED, NoteKind.LEVEL_CHANGED);
        assertThat(outcome.versions()).extracting(ConsentState::getVersion).containsExactly(4L, 5L);
        assertThat(outcome.versions()).extracting(ConsentState::getUpdatedAt)
                .containsExactly(T0.plus(Duration.ofDays(7)), muchLater);
    }

    @Test
    void theLapseNoteIsTheSameWhetherTheClockOrALaterEventNoticesIt() {
        final Instant muchLater = T0.plus(Duration.ofDays(10));
        final ConsentState pending = pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0);

        final Outcome byClock = RULES.onClock(pending, Practice.NONE, muchLater);
        final Outcome byEvent = RULES.onClientEvent(Optional.of(pending),
                Fixtures.level(STAFF, SmsLevel.FULL_TRANSACTIONAL, false, muchLater), Practice.NONE, SuppressedNumbers.NONE, muchLater);

        assertThat(byEvent.notes().get(0)).isEqualTo(byClock.notes().get(0));
    }

    @Test
    void selectingMarketingAgainWhilePendingChangesNothing() {
        final Outcome outcome = RULES.onClientEvent(Optional.of(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0)),
                Fixtures.level(STAFF, SmsLevel.MARKETING, false, LATER), Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(outcome).isEqualTo(Outcome.unchanged());
    }

    @Test
    void selectingTheLevelHeldWhileMarketingIsPendingWithdrawsTheRequest() {
        final Outcome outcome = RULES.onClientEvent(Optional.of(pendingMarketing(SmsLevel.FULL_TRANSACTIONAL, T0)),
                Fixtures.level(Fixtures.SUPPORT, SmsLevel.FULL_TRANSACTIONAL, false, LATER), Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(outcome.latest().orElseThrow().getPendingLevel()).isNull();
        assertThat(outcome.notes().get(0).getText())
                .isEqualTo("Support withdrew the pending Marketing request; SMS opt-in stays Full Transactional.");
    }

    @Test
    void selectingAnotherLevelWhileMarketingIsPendingReplacesTheRequest() {
        final Outcome outcome = RULES.onClientEvent(Optional.of(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0)),
                Fixtures.level(STAFF, SmsLevel.FULL_TRANSACTIONAL, false, LATER), Practice.NONE, SuppressedNumbers.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(state.getPendingLevel()).isNull();
    }

    @Test
    void marketingNeedsAPhoneOnRecord() {
        final ConsentState noPhone = ConsentState.newBuilder(client(SmsLevel.BASIC_TRANSACTIONAL)).setPhone(null).build();

        final Outcome outcome = RULES.onClientEvent(Optional.of(noPhone), Fixtures.level(STAFF, SmsLevel.MARKETING),
                Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(outcome.rejection()).map(Rejection::code).contains(RejectionCode.PHONE_REQUIRED);
        assertThat(outcome.versions()).isEmpty();
        assertThat(outcome.messages()).isEmpty();
        assertThat(outcome.notes().get(0).getText()).isEqualTo("A change by Dr. Jane Smith was refused: Marketing needs "
                + "a mobile number on record to send the confirmation text to.");
    }

    @Test
    void marketingWithAPhoneGivenInTheSameRequestSendsTheConfirmationThere() {
        final Outcome outcome = RULES.onClientEvent(Optional.empty(),
                Fixtures.levelWithPhone(STAFF, SmsLevel.MARKETING, PHONE, LATER), Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(outcome.notes()).extracting(ConsentNote::getKind)
                .containsExactly(NoteKind.PHONE_CHANGED, NoteKind.MARKETING_REQUESTED);
        assertThat(outcome.versions()).hasSize(1);
        assertThat(outcome.messages().get(0).getTo()).isEqualTo(PHONE);
    }

    @Test
    void marketingCannotBeRequestedThroughASuppressedNumber() {
        final ConsentState suppressed = ConsentState.newBuilder(client(SmsLevel.FULL_TRANSACTIONAL)).setPhoneSuppressed(true).build();

        final Outcome outcome = RULES.onClientEvent(Optional.of(suppressed), Fixtures.level(STAFF, SmsLevel.MARKETING),
                Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(outcome.rejection()).map(Rejection::code).contains(RejectionCode.PHONE_SUPPRESSED);
        assertThat(outcome.messages()).isEmpty();
    }

    @Test
    void changingTheNumberWithdrawsAPendingRequest() {
        final Outcome outcome = RULES.onClientEvent(Optional.of(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0)),
                Fixtures.contact(STAFF, Fixtures.OTHER_PHONE, LATER), Practice.NONE, SuppressedNumbers.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getPendingLevel()).isNull();
        assertThat(state.getPhone()).isEqualTo(Fixtures.OTHER_PHONE);
        assertThat(outcome.notes().get(0).getText()).isEqualTo("Dr. Jane Smith changed the mobile number. The pending "
                + "Marketing request was withdrawn: its confirmation text went to the previous number.");
    }

    @Test
    void stopWhilePendingOptsOutAndWithdrawsTheRequest() {
        final Outcome outcome = RULES.onPhoneSignal(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0),
                signal(PhoneConsentKind.OPT_OUT, "STOP", LATER), Practice.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(state.getPendingLevel()).isNull();
    }

    @Test
    void theTtlMustBePositive() {
        assertThatThrownBy(() -> new ConsentRules(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
