package io.optgate.consent.topology;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.OTHER_PHONE;
import static io.optgate.consent.topology.Records.OTHER_TENANT;
import static io.optgate.consent.topology.Records.PHONE;
import static io.optgate.consent.topology.Records.STAFF;
import static io.optgate.consent.topology.Records.TENANT;
import static io.optgate.consent.topology.Records.assertNote;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.contact;
import static io.optgate.consent.topology.Records.level;
import static io.optgate.consent.topology.Records.phoneKey;
import static io.optgate.consent.topology.Records.signal;
import static org.assertj.core.api.Assertions.assertThat;

class PhoneStoriesTest {

    private static final Instant T1 = START.minus(Duration.ofMinutes(10));
    private static final Instant STOP_AT = START.minus(Duration.ofMinutes(5));

    @TempDir
    Path stateDir;
    private ConsentDriver kit;

    @BeforeEach
    void start() {
        kit = new ConsentDriver(stateDir);
        // Anna and Ben share a family phone at Happy Paws; Cleo has her own; City Vets knows the family phone too.
        kit.events.pipeInput(clientKey("anna"), level("e-a", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.events.pipeInput(clientKey("ben"), contact("e-b", TENANT, "ben", PHONE, T1), T1);
        kit.events.pipeInput(clientKey("cleo"), contact("e-c", TENANT, "cleo", OTHER_PHONE, T1), T1);
        kit.events.pipeInput(OTHER_TENANT + ":dora", contact("e-d", OTHER_TENANT, "dora", PHONE, T1), T1);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    private void stop(final String eventId, final PhoneConsentKind kind, final String keyword, final Instant at) {
        kit.phoneEvents.pipeInput(phoneKey(PHONE), signal(eventId, TENANT, PHONE, kind, keyword, at), at);
    }

    @Test
    void stopOptsOutEveryClientOfThePracticeWithThatNumberAndOnlyThem() {
        stop("p-1", PhoneConsentKind.OPT_OUT, "STOP", STOP_AT);

        final TestRecord<String, PhoneConsentState> number = kit.phoneStates.readRecord();
        assertThat(number.key()).isEqualTo(phoneKey(PHONE));
        assertThat(number.getRecordTime()).isEqualTo(STOP_AT);
        assertThat(number.value()).isEqualTo(new PhoneConsentState(TENANT, PHONE, true, PhoneConsentKind.OPT_OUT, STOP_AT));

        final Map<String, ConsentState> states = kit.states.readRecordsToList().stream()
                .collect(Collectors.toMap(TestRecord::key, TestRecord::value));
        assertThat(states).containsOnlyKeys(clientKey("anna"), clientKey("ben"));
        assertThat(states.values()).allSatisfy(state -> {
            assertThat(state.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
            assertThat(state.getPhoneSuppressed()).isTrue();
            assertThat(state.getUpdatedAt()).isEqualTo(STOP_AT);
        });
        final Map<String, ConsentNote> notes = kit.notes.readRecordsToList().stream()
                .collect(Collectors.toMap(TestRecord::key, TestRecord::value));
        assertThat(notes.get(clientKey("anna")).getText())
                .isEqualTo("The client replied STOP; SMS opt-in changed from Full Transactional to Opted Out.");
        assertThat(notes.get(clientKey("ben")).getText())
                .isEqualTo("The client replied STOP; SMS opt-in changed from Basic Transactional to Opted Out.");
        assertThat(notes.values()).allSatisfy(note -> assertThat(note.getKind()).isEqualTo(NoteKind.OPTED_OUT_BY_PHONE));
        kit.assertNoMoreRecords();
    }

    @Test
    void aClientGivenAStoppedNumberLaterIsOptedOutToo() {
        stop("p-1", PhoneConsentKind.OPT_OUT, "STOP", STOP_AT);
        kit.phoneStates.readRecordsToList();
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(clientKey("eve"), level("e-e", "eve", STAFF, SmsLevel.FULL_TRANSACTIONAL, true, PHONE, START), START);

        final ConsentState eve = kit.states.readValue();
        assertThat(eve.getPhoneSuppressed()).as("the number stays blocked whatever the level").isTrue();
        assertThat(eve.getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(kit.notes.readRecordsToList()).extracting(record -> record.value().getKind())
                .containsExactly(NoteKind.PHONE_CHANGED, NoteKind.OPTED_OUT_BY_PHONE, NoteKind.LEVEL_CHANGED);
        kit.assertNoMoreRecords();

        kit.events.pipeInput(clientKey("finn"), contact("e-f", TENANT, "finn", PHONE, START), START);

        final ConsentState finn = kit.states.readValue();
        assertThat(finn.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(finn.getPhoneSuppressed()).isTrue();
        assertNote(kit.notes.readRecord(), clientKey("finn"), START, NoteKind.PHONE_CHANGED, SmsLevel.BASIC_TRANSACTIONAL,
                SmsLevel.BASIC_TRANSACTIONAL, "Dr. Jane Smith added a mobile number.");
        assertNote(kit.notes.readRecord(), clientKey("finn"), START, NoteKind.OPTED_OUT_BY_PHONE, SmsLevel.BASIC_TRANSACTIONAL,
                SmsLevel.OPTED_OUT, "The new mobile number has replied STOP to this practice; SMS opt-in changed from "
                        + "Basic Transactional to Opted Out until the number replies START.");
        kit.assertNoMoreRecords();
    }

    @Test
    void startFromTheNumberBringsItsClientsBackToBasicTransactional() {
        stop("p-1", PhoneConsentKind.OPT_OUT, "STOP", STOP_AT);
        kit.phoneStates.readRecordsToList();
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        stop("p-2", PhoneConsentKind.OPT_IN, "START", START);

        assertThat(kit.phoneStates.readValue()).isEqualTo(new PhoneConsentState(TENANT, PHONE, false, PhoneConsentKind.OPT_IN, START));
        assertThat(kit.states.readRecordsToList()).hasSize(2).allSatisfy(record -> {
            assertThat(record.value().getLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
            assertThat(record.value().getPhoneSuppressed()).isFalse();
            assertThat(record.getRecordTime()).isEqualTo(START);
        });
        assertThat(kit.notes.readRecordsToList()).hasSize(2).allSatisfy(record ->
                assertThat(record.value().getText()).isEqualTo("The client replied START; SMS opt-in changed from Opted Out to Basic Transactional."));
        kit.assertNoMoreRecords();

        kit.events.pipeInput(clientKey("finn"), contact("e-f", TENANT, "finn", PHONE, START), START);
        assertThat(kit.states.readValue().getPhoneSuppressed()).as("new clients of the number are no longer blocked").isFalse();
    }

    @Test
    void aCarrierOptOutActsAsStop() {
        stop("p-1", PhoneConsentKind.CARRIER_OPT_OUT, null, STOP_AT);

        assertThat(kit.phoneStates.readValue().getLastKind()).isEqualTo(PhoneConsentKind.CARRIER_OPT_OUT);
        assertThat(kit.states.readRecordsToList()).hasSize(2);
        assertThat(kit.notes.readRecordsToList()).allSatisfy(record -> {
            assertThat(record.value().getActor()).isEqualTo(ConsentRules.CARRIER);
            assertThat(record.value().getText()).startsWith("The carrier reported that the mobile number no longer accepts texts;");
        });
        kit.assertNoMoreRecords();
    }

    @Test
    void theSameStopTwiceAndAnotherStopChangeNothingMore() {
        stop("p-1", PhoneConsentKind.OPT_OUT, "STOP", STOP_AT);
        kit.phoneStates.readRecordsToList();
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        stop("p-1", PhoneConsentKind.OPT_OUT, "STOP", STOP_AT);
        stop("p-2", PhoneConsentKind.OPT_OUT, "UNSUBSCRIBE", START);

        kit.assertNoMoreRecords();
    }

    @Test
    void helpChangesNothing() {
        stop("p-1", PhoneConsentKind.HELP, "HELP", STOP_AT);

        kit.assertNoMoreRecords();
    }

    @Test
    void aStopForANumberNoClientHasIsStillRemembered() {
        final String unknown = "+15550100999";
        kit.phoneEvents.pipeInput(phoneKey(unknown), signal("p-1", TENANT, unknown, PhoneConsentKind.OPT_OUT, "STOP", STOP_AT), STOP_AT);

        assertThat(kit.phoneStates.readValue().getSuppressed()).isTrue();
        kit.assertNoMoreRecords();

        kit.events.pipeInput(clientKey("gus"), contact("e-g", TENANT, "gus", unknown, START), START);
        assertThat(kit.states.readValue().getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
    }

    @Test
    void aClientWhoMovedToAnotherNumberIsNotAffectedByTheOldOne() {
        kit.events.pipeInput(clientKey("ben"), contact("e-b2", TENANT, "ben", "+15550100777", T1.plusSeconds(1)), T1.plusSeconds(1));
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        stop("p-1", PhoneConsentKind.OPT_OUT, "STOP", STOP_AT);

        kit.phoneStates.readRecordsToList();
        assertThat(kit.states.readRecordsToList()).extracting(TestRecord::key).containsExactly(clientKey("anna"));
    }
}
