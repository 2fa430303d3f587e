package io.optgate.consent.rules;

import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.OTHER_PHONE;
import static io.optgate.consent.rules.Fixtures.PHONE;
import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.STAFF;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.TENANT;
import static io.optgate.consent.rules.Fixtures.assertNoPhoneNumbers;
import static io.optgate.consent.rules.Fixtures.client;
import static io.optgate.consent.rules.Fixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

class PhoneSignalRulesTest {

    private static final Instant LATER = T0.plus(Duration.ofHours(1));

    @ParameterizedTest
    @EnumSource(value = SmsLevel.class, names = {"BASIC_TRANSACTIONAL", "FULL_TRANSACTIONAL", "MARKETING"})
    void stopOptsTheClientOutAndSuppressesTheNumber(final SmsLevel level) {
        final Outcome outcome = RULES.onPhoneSignal(client(level), signal(PhoneConsentKind.OPT_OUT, "UNSUBSCRIBE", LATER),
                Practice.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(state.getPhoneSuppressed()).isTrue();
        assertThat(state.getUpdatedAt()).isEqualTo(LATER);
        final ConsentNote note = outcome.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.OPTED_OUT_BY_PHONE);
        assertThat(note.getActor().getType()).isEqualTo(ActorType.CLIENT);
        assertThat(note.getPreviousLevel()).isEqualTo(level);
        assertThat(note.getNewLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(note.getText()).startsWith("The client replied UNSUBSCRIBE; SMS opt-in changed from ");
        assertNoPhoneNumbers(outcome.notes());
    }

    @Test
    void aPlainLanguageRevocationOptsOutWithANoteNamingWhatWasRead() {
        final PhoneConsentEvent revocation = signal(PhoneConsentKind.OPT_OUT, null, LATER);
        revocation.setRevocationCue("stop texting");

        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.MARKETING), revocation, Practice.NONE, LATER);

        assertThat(outcome.latest().orElseThrow().getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(outcome.latest().orElseThrow().getPhoneSuppressed()).isTrue();
        assertThat(outcome.notes().get(0).getText()).isEqualTo("The client's text was read as a request to stop texts "
                + "(\"stop texting\"); SMS opt-in changed from Marketing to Opted Out.");
        assertNoPhoneNumbers(outcome.notes());
    }

    @Test
    void stopForAClientOptedOutByStaffStillBlocksTheNumberWithANote() {
        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.OPTED_OUT), signal(PhoneConsentKind.OPT_OUT, "STOP", LATER),
                Practice.NONE, LATER);

        assertThat(outcome.latest().orElseThrow().getPhoneSuppressed()).isTrue();
        assertThat(outcome.notes().get(0).getText()).isEqualTo("The client replied STOP; SMS opt-in stays Opted Out and "
                + "the number gets no texts from this practice until it replies START.");
    }

    @Test
    void stopTwiceIsOneChange() {
        final Outcome first = RULES.onPhoneSignal(client(SmsLevel.FULL_TRANSACTIONAL), signal(PhoneConsentKind.OPT_OUT, "STOP", LATER),
                Practice.NONE, LATER);
        final Outcome second = RULES.onPhoneSignal(first.latest().orElseThrow(), signal(PhoneConsentKind.OPT_OUT, "STOP", LATER),
                Practice.NONE, LATER);

        assertThat(second).isEqualTo(Outcome.unchanged());
    }

    @Test
    void aCarrierOptOutActsAsStopAndIsRecordedAsTheCarriers() {
        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.FULL_TRANSACTIONAL),
                signal(PhoneConsentKind.CARRIER_OPT_OUT, null, LATER), Practice.NONE, LATER);

        assertThat(outcome.latest().orElseThrow().getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        final ConsentNote note = outcome.notes().get(0);
        assertThat(note.getActor()).isEqualTo(ConsentRules.CARRIER);
        assertThat(note.getText()).isEqualTo("The carrier reported that the mobile number no longer accepts texts; "
                + "SMS opt-in changed from Full Transactional to Opted Out.");
    }

    @Test
    void startMovesAStoppedClientBackToBasicTransactional() {
        final ConsentState stopped = ConsentState.newBuilder(client(SmsLevel.OPTED_OUT)).setPhoneSuppressed(true).build();

        final Outcome outcome = RULES.onPhoneSignal(stopped, signal(PhoneConsentKind.OPT_IN, "START", LATER), Practice.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
        assertThat(state.getPhoneSuppressed()).isFalse();
        final ConsentNote note = outcome.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.OPTED_IN_BY_PHONE);
        assertThat(note.getText()).isEqualTo("The client replied START; SMS opt-in changed from Opted Out to Basic Transactional.");
    }

    @Test
    void startLiftsTheBlockOfAClientTheStaffOptedBackInAndKeepsTheirLevel() {
        final ConsentState reOptedIn = ConsentState.newBuilder(client(SmsLevel.FULL_TRANSACTIONAL)).setPhoneSuppressed(true).build();

        final Outcome outcome = RULES.onPhoneSignal(reOptedIn, signal(PhoneConsentKind.OPT_IN, "UNSTOP", LATER), Practice.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(state.getPhoneSuppressed()).isFalse();
        assertThat(outcome.notes().get(0).getText()).isEqualTo("The client replied UNSTOP; texts to the mobile number are "
                + "allowed again and SMS opt-in stays Full Transactional.");
    }

    @Test
    void startForAClientNotOptedOutChangesNothing() {
        assertThat(RULES.onPhoneSignal(client(SmsLevel.FULL_TRANSACTIONAL), signal(PhoneConsentKind.OPT_IN, "START", LATER),
                Practice.NONE, LATER)).isEqualTo(Outcome.unchanged());
    }

    @Test
    void helpChangesNothing() {
        assertThat(RULES.onPhoneSignal(client(SmsLevel.FULL_TRANSACTIONAL), signal(PhoneConsentKind.HELP, "HELP", LATER),
                Practice.NONE, LATER)).isEqualTo(Outcome.unchanged());
    }

    @Test
    void aSignalForAnotherNumberLeavesTheClientAlone() {
        final ConsentState elsewhere = ConsentState.newBuilder(client(SmsLevel.FULL_TRANSACTIONAL)).setPhone(OTHER_PHONE).build();

        assertThat(RULES.onPhoneSignal(elsewhere, signal(PhoneConsentKind.OPT_OUT, "STOP", LATER), Practice.NONE, LATER))
                .isEqualTo(Outcome.unchanged());
    }

    @Test
    void anUnexpectedKeywordIsNotCopiedIntoTheNote() {
        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.FULL_TRANSACTIONAL),
                signal(PhoneConsentKind.OPT_OUT, "stop +15550100001", LATER), Practice.NONE, LATER);

        assertThat(outcome.notes().get(0).getText()).startsWith("The client replied STOP;");
    }

    @Test
    void aClientGivenAStoppedNumberIsOptedOutUntilTheNumberRepliesStart() {
        final SuppressedNumbers stopped = PHONE::equals;

        final Outcome outcome = RULES.onClientEvent(Optional.empty(), Fixtures.contact(STAFF, PHONE, LATER),
                Practice.NONE, stopped, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(state.getPhoneSuppressed()).isTrue();
        assertThat(outcome.notes()).extracting(ConsentNote::getKind)
                .containsExactly(NoteKind.PHONE_CHANGED, NoteKind.OPTED_OUT_BY_PHONE);
        assertThat(outcome.notes().get(0).getText()).isEqualTo("Dr. Jane Smith added a mobile number.");
        assertThat(outcome.notes().get(1).getText()).isEqualTo("The new mobile number has replied STOP to this practice; "
                + "SMS opt-in changed from Basic Transactional to Opted Out until the number replies START.");
        assertNoPhoneNumbers(outcome.notes());
    }

    @Test
    void aLevelRequestWithAStoppedNumberRecordsTheNumberAndRefusesOnlyTheLevel() {
        final SuppressedNumbers stopped = PHONE::equals;

        final Outcome outcome = RULES.onClientEvent(Optional.empty(),
                Fixtures.levelWithPhone(STAFF, SmsLevel.FULL_TRANSACTIONAL, PHONE, LATER), Practice.NONE, stopped, LATER);

        assertThat(outcome.rejection()).map(Rejection::code).contains(RejectionCode.OPT_IN_CONFIRMATION_REQUIRED);
        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getPhone()).as("recorded, as a contact change to the number would be").isEqualTo(PHONE);
        assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(state.getPhoneSuppressed()).isTrue();
        assertThat(outcome.notes()).extracting(ConsentNote::getKind)
                .containsExactly(NoteKind.PHONE_CHANGED, NoteKind.OPTED_OUT_BY_PHONE, NoteKind.REJECTED);
        assertThat(outcome.notes().get(2).getText()).isEqualTo("A change by Dr. Jane Smith was refused: the new mobile number "
                + "has replied STOP to this practice; changing SMS opt-in to Full Transactional needs the statement that the "
                + "client asked for it.");
        assertNoPhoneNumbers(outcome.notes());
    }

    @Test
    void marketingWithAStoppedNumberRecordsTheNumberAndRefusesOnlyTheRequest() {
        final SuppressedNumbers stopped = OTHER_PHONE::equals;
        final ConsentEvent request = Fixtures.event(STAFF, LATER, new SmsLevelRequested(SmsLevel.MARKETING, true, OTHER_PHONE, null));

        final Outcome outcome = RULES.onClientEvent(Optional.of(client(SmsLevel.FULL_TRANSACTIONAL)), request, Practice.NONE, stopped, LATER);

        assertThat(outcome.rejection()).map(Rejection::code).contains(RejectionCode.PHONE_SUPPRESSED);
        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getPhone()).isEqualTo(OTHER_PHONE);
        assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(state.getPendingLevel()).isNull();
        assertThat(outcome.messages()).as("no confirmation text to a stopped number").isEmpty();
    }

    @Test
    void anOptedOutClientGivenAStoppedNumberWithoutItsRequestIsRefusedWhole() {
        // Refused whether or not the number is stopped: the same as when the STOP comes after the request.
        final SuppressedNumbers stopped = OTHER_PHONE::equals;

        final Outcome refused = RULES.onClientEvent(Optional.of(client(SmsLevel.OPTED_OUT)),
                Fixtures.levelWithPhone(STAFF, SmsLevel.FULL_TRANSACTIONAL, OTHER_PHONE, LATER), Practice.NONE, stopped, LATER);

        assertThat(refused.rejection()).map(Rejection::code).contains(RejectionCode.OPT_IN_CONFIRMATION_REQUIRED);
        assertThat(refused.versions()).isEmpty();
    }

    @Test
    void movingToAnotherNumberEndsTheBlockButNotTheOptOut() {
        final ConsentState stopped = ConsentState.newBuilder(client(SmsLevel.OPTED_OUT)).setPhoneSuppressed(true).build();

        final Outcome outcome = RULES.onClientEvent(Optional.of(stopped), Fixtures.contact(STAFF, OTHER_PHONE, LATER),
                Practice.NONE, SuppressedNumbers.NONE, LATER);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getPhoneSuppressed()).isFalse();
        assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
    }

    @Test
    void removingTheNumberIsNoted() {
        final Outcome outcome = RULES.onClientEvent(Optional.of(client(SmsLevel.FULL_TRANSACTIONAL)),
                Fixtures.contact(Fixtures.SUPPORT, null, LATER), Practice.NONE, SuppressedNumbers.NONE, LATER);

        assertThat(outcome.latest().orElseThrow().getPhone()).isNull();
        assertThat(outcome.notes().get(0).getText()).isEqualTo("Support removed the mobile number.");
    }

    @Test
    void theSameNumberAgainChangesNothing() {
        assertThat(RULES.onClientEvent(Optional.of(client(SmsLevel.FULL_TRANSACTIONAL)), Fixtures.contact(STAFF, PHONE, LATER),
                Practice.NONE, SuppressedNumbers.NONE, LATER)).isEqualTo(Outcome.unchanged());
    }

    // --- the number's own state -------------------------------------------------------------------

    @Test
    void stopSuppressesANumberNeverSeenAndStartLiftsIt() {
        final PhoneConsentState stopped = ConsentRules.onPhoneSignal(Optional.empty(), signal(PhoneConsentKind.OPT_OUT, "STOP", T0))
                .orElseThrow();
        assertThat(stopped).isEqualTo(new PhoneConsentState(TENANT, PHONE, true, PhoneConsentKind.OPT_OUT, T0));

        final PhoneConsentState started = ConsentRules.onPhoneSignal(Optional.of(stopped), signal(PhoneConsentKind.OPT_IN, "START", LATER))
                .orElseThrow();
        assertThat(started).isEqualTo(new PhoneConsentState(TENANT, PHONE, false, PhoneConsentKind.OPT_IN, LATER));
    }

    @Test
    void aCarrierOptOutSuppressesTheNumber() {
        assertThat(ConsentRules.onPhoneSignal(Optional.empty(), signal(PhoneConsentKind.CARRIER_OPT_OUT, null, T0)))
                .map(PhoneConsentState::getSuppressed).contains(true);
    }

    @Test
    void signalsThatDoNotChangeTheNumbersStateWriteNothing() {
        final PhoneConsentState stopped = new PhoneConsentState(TENANT, PHONE, true, PhoneConsentKind.OPT_OUT, T0);

        assertThat(ConsentRules.onPhoneSignal(Optional.of(stopped), signal(PhoneConsentKind.OPT_OUT, "STOP", LATER))).isEmpty();
        assertThat(ConsentRules.onPhoneSignal(Optional.of(stopped), signal(PhoneConsentKind.CARRIER_OPT_OUT, null, LATER))).isEmpty();
        assertThat(ConsentRules.onPhoneSignal(Optional.of(stopped), signal(PhoneConsentKind.CONFIRM, "YES", LATER))).isEmpty();
        assertThat(ConsentRules.onPhoneSignal(Optional.of(stopped), signal(PhoneConsentKind.HELP, "HELP", LATER))).isEmpty();
        assertThat(ConsentRules.onPhoneSignal(Optional.empty(), signal(PhoneConsentKind.OPT_IN, "START", LATER))).isEmpty();
        assertThat(ConsentRules.onPhoneSignal(Optional.empty(), signal(PhoneConsentKind.CONFIRM, "YES", LATER))).isEmpty();
    }

    @Test
    void aLateSignalNeverStampsTheNumberEarlierThanItsLastChange() {
        final PhoneConsentState started = new PhoneConsentState(TENANT, PHONE, false, PhoneConsentKind.OPT_IN, LATER);
        final PhoneConsentState stopped = new PhoneConsentState(TENANT, PHONE, true, PhoneConsentKind.OPT_OUT, LATER);

        assertThat(ConsentRules.onPhoneSignal(Optional.of(started), signal(PhoneConsentKind.OPT_OUT, "STOP", T0)))
                .map(PhoneConsentState::getUpdatedAt).contains(LATER);
        assertThat(ConsentRules.onPhoneSignal(Optional.of(stopped), signal(PhoneConsentKind.OPT_IN, "START", T0)))
                .map(PhoneConsentState::getUpdatedAt).contains(LATER);
    }

    @Test
    void invalidSignalsAreRefusedWithAReason() {
        final PhoneConsentEvent good = signal(PhoneConsentKind.OPT_OUT, "STOP", T0);

        assertThat(ConsentRules.validate(good)).isEmpty();
        assertThat(ConsentRules.validate(PhoneConsentEvent.newBuilder(good).setPhone("5550100").build()))
                .map(Rejection::code).contains(RejectionCode.INVALID_PHONE);
        assertThat(ConsentRules.validate(PhoneConsentEvent.newBuilder(good).setTenantId("vet 1").build()))
                .map(Rejection::code).contains(RejectionCode.INVALID_TENANT_ID);
        assertThat(ConsentRules.validate(PhoneConsentEvent.newBuilder(good).setEventId(" ").build()))
                .map(Rejection::code).contains(RejectionCode.INVALID_EVENT_ID);
    }
}
