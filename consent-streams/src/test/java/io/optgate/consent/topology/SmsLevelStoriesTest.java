package io.optgate.consent.topology;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.consent.rules.Outcome;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.PHONE;
import static io.optgate.consent.topology.Records.STAFF;
import static io.optgate.consent.topology.Records.SUPPORT;
import static io.optgate.consent.topology.Records.TENANT;
import static io.optgate.consent.topology.Records.assertNote;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.level;
import static io.optgate.consent.topology.Records.phoneKey;
import static io.optgate.consent.topology.Records.signal;
import static org.assertj.core.api.Assertions.assertThat;

class SmsLevelStoriesTest extends ConsentStories {

    private static final String ANNA = clientKey("anna");
    private static final Instant T1 = START.minus(Duration.ofMinutes(5));
    private static final Instant T2 = START.minus(Duration.ofMinutes(4));

    @Test
    void staffSelectsFullTransactionalForANewClient() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);

        final TestRecord<String, ConsentState> state = kit.states.readRecord();
        assertThat(state.key()).isEqualTo(ANNA);
        assertThat(state.getRecordTime()).as("the event time of the change").isEqualTo(T1);
        assertThat(state.value().getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(state.value().getPhone()).isEqualTo(PHONE);
        assertThat(state.value().getVersion()).isEqualTo(1L);
        assertThat(state.value().getUpdatedBy()).isEqualTo(STAFF);
        assertNote(kit.notes.readRecord(), ANNA, T1, NoteKind.PHONE_CHANGED, SmsLevel.BASIC_TRANSACTIONAL, SmsLevel.BASIC_TRANSACTIONAL,
                "Dr. Jane Smith added a mobile number.");
        assertNote(kit.notes.readRecord(), ANNA, T1, NoteKind.LEVEL_CHANGED, SmsLevel.BASIC_TRANSACTIONAL, SmsLevel.FULL_TRANSACTIONAL,
                "Dr. Jane Smith changed SMS opt-in from Basic Transactional to Full Transactional.");
        kit.assertNoMoreRecords();
    }

    @Test
    void aSupportChangeIsShownAsSupport() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.BASIC_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(ANNA, level("e-2", "anna", SUPPORT, SmsLevel.FULL_TRANSACTIONAL, false, null, T2), T2);

        final ConsentState state = kit.states.readValue();
        assertThat(state.getUpdatedBy().getType()).isEqualTo(ActorType.SUPPORT);
        assertThat(state.getVersion()).isEqualTo(2L);
        assertNote(kit.notes.readRecord(), ANNA, T2, NoteKind.LEVEL_CHANGED, SmsLevel.BASIC_TRANSACTIONAL, SmsLevel.FULL_TRANSACTIONAL,
                "Support changed SMS opt-in from Basic Transactional to Full Transactional.");
        kit.assertNoMoreRecords();
    }

    @Test
    void theLevelAlreadyHeldWritesNoVersionAndNoNote() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(ANNA, level("e-2", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T2), T2);

        kit.assertNoMoreRecords();
        assertThat(ProcessedEvent.decode(kit.processedStore().get(ConsentStores.processedEventKey(TENANT, "e-2"))).result())
                .isEqualTo(Outcome.Result.UNCHANGED);
    }

    @Test
    void theSameEventIdTwiceIsOneEvent() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, PHONE, T2), T2);

        kit.assertNoMoreRecords();
        assertThat(kit.clientsStore().get(ANNA).getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
    }

    @Test
    void anEventIdIsForgottenAfterTheDedupRetention() {
        kit.close();
        kit = new ConsentDriver(stateDir, ConsentRules.DEFAULT_MARKETING_CONFIRMATION_TTL,
                new ConsentTopologyOptions(Duration.ofHours(1), Duration.ofMinutes(1), 100));
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.events.pipeInput(ANNA, level("e-2", "anna", STAFF, SmsLevel.OPTED_OUT, false, null, T2), T2);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.advanceWallClock(Duration.ofMinutes(61));
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, true, PHONE, T1), T1);

        assertThat(kit.processedStore().get(ConsentStores.processedEventKey(TENANT, "e-2"))).isNull();
        assertThat(kit.states.readValue().getLevel()).as("processed again once forgotten").isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
    }

    @Test
    void leavingOptedOutIsRefusedWithoutTheClientsRequestAndAcceptedWithIt() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, PHONE, T1), T1);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(ANNA, level("e-2", "anna", STAFF, SmsLevel.BASIC_TRANSACTIONAL, false, null, T2), T2);

        assertNote(kit.notes.readRecord(), ANNA, T2, NoteKind.REJECTED, SmsLevel.OPTED_OUT, SmsLevel.OPTED_OUT,
                "A change by Dr. Jane Smith was refused: the client is Opted Out; changing SMS opt-in to Basic Transactional "
                        + "needs the statement that the client asked for it.");
        kit.assertNoMoreRecords();
        final ProcessedEvent refused = ProcessedEvent.decode(kit.processedStore().get(ConsentStores.processedEventKey(TENANT, "e-2")));
        assertThat(refused.rejection()).map(r -> r.code().name()).contains("OPT_IN_CONFIRMATION_REQUIRED");

        final Instant t3 = T2.plusSeconds(30);
        kit.events.pipeInput(ANNA, level("e-3", "anna", STAFF, SmsLevel.BASIC_TRANSACTIONAL, true, null, t3), t3);

        final TestRecord<String, ConsentState> state = kit.states.readRecord();
        assertThat(state.value().getLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
        assertThat(state.getRecordTime()).isEqualTo(t3);
        assertNote(kit.notes.readRecord(), ANNA, t3, NoteKind.LEVEL_CHANGED, SmsLevel.OPTED_OUT, SmsLevel.BASIC_TRANSACTIONAL,
                "Dr. Jane Smith changed SMS opt-in from Opted Out to Basic Transactional at the client's request.");
        kit.assertNoMoreRecords();
    }

    @Test
    void marketingWaitsForTheClientsYesAndThenApplies() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(ANNA, level("e-2", "anna", STAFF, SmsLevel.MARKETING, false, null, T2), T2);

        final TestRecord<String, ConsentState> pending = kit.states.readRecord();
        assertThat(pending.getRecordTime()).isEqualTo(T2);
        assertThat(pending.value().getLevel()).isEqualTo(SmsLevel.FULL_TRANSACTIONAL);
        assertThat(pending.value().getPendingLevel()).isEqualTo(SmsLevel.MARKETING);
        assertNote(kit.notes.readRecord(), ANNA, T2, NoteKind.MARKETING_REQUESTED, SmsLevel.FULL_TRANSACTIONAL, SmsLevel.FULL_TRANSACTIONAL,
                "Dr. Jane Smith requested Marketing texts; a confirmation text was sent and SMS opt-in stays Full Transactional "
                        + "until the client replies YES.");
        final TestRecord<String, MessageRequest> text = kit.messages.readRecord();
        assertThat(text.key()).isEqualTo(ANNA);
        assertThat(text.getRecordTime()).isEqualTo(T2);
        assertThat(text.value().getCategory()).isEqualTo(Category.CONSENT_CONFIRMATION);
        assertThat(text.value().getTo()).isEqualTo(PHONE);
        assertThat(text.value().getBody()).isEqualTo(ConsentRules.DEFAULT_CONFIRMATION_TEXT);
        kit.assertNoMoreRecords();

        final Instant yesAt = T2.plusSeconds(90);
        kit.phoneEvents.pipeInput(phoneKey(PHONE), signal("p-1", TENANT, PHONE, PhoneConsentKind.CONFIRM, "YES", yesAt), yesAt);

        final TestRecord<String, ConsentState> confirmed = kit.states.readRecord();
        assertThat(confirmed.key()).isEqualTo(ANNA);
        assertThat(confirmed.getRecordTime()).isEqualTo(yesAt);
        assertThat(confirmed.value().getLevel()).isEqualTo(SmsLevel.MARKETING);
        assertThat(confirmed.value().getPendingLevel()).isNull();
        assertNote(kit.notes.readRecord(), ANNA, yesAt, NoteKind.MARKETING_CONFIRMED, SmsLevel.FULL_TRANSACTIONAL, SmsLevel.MARKETING,
                "The client replied YES to the confirmation text; SMS opt-in changed from Full Transactional to Marketing.");
        kit.assertNoMoreRecords();
    }

    @Test
    void theConfirmationTextIsThePracticesOwn() {
        kit.settings.pipeInput(TENANT, Records.settings(false, null, "Happy Paws: reply YES for offers.", T1), T1);
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.MARKETING, false, PHONE, T2), T2);

        assertThat(kit.messages.readValue().getBody()).isEqualTo("Happy Paws: reply YES for offers.");
    }

    @Test
    void anUnansweredMarketingRequestLapsesOnTheWallClockWithANote() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.MARKETING, false, PHONE, START), START);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();
        kit.messages.readRecordsToList();

        kit.advanceWallClock(Duration.ofDays(6));
        kit.assertNoMoreRecords();

        kit.advanceWallClock(Duration.ofDays(1).plusMinutes(1));

        final Instant due = START.plus(Duration.ofDays(7));
        final TestRecord<String, ConsentState> lapsed = kit.states.readRecord();
        assertThat(lapsed.getRecordTime()).as("stamped when it fell due").isEqualTo(due);
        assertThat(lapsed.value().getPendingLevel()).isNull();
        assertThat(lapsed.value().getLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
        assertThat(lapsed.value().getUpdatedBy()).isEqualTo(ConsentRules.OPTGATE);
        assertNote(kit.notes.readRecord(), ANNA, due, NoteKind.MARKETING_LAPSED, SmsLevel.BASIC_TRANSACTIONAL, SmsLevel.BASIC_TRANSACTIONAL,
                "The client did not confirm Marketing texts within 7 days; the request lapsed and SMS opt-in stays Basic Transactional.");
        kit.assertNoMoreRecords();

        kit.advanceWallClock(Duration.ofDays(1));
        kit.assertNoMoreRecords();
    }

    @Test
    void aLateEventNeverMovesTheTableBackInTime() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T2), T2);
        kit.states.readRecordsToList();
        kit.notes.readRecordsToList();

        kit.events.pipeInput(ANNA, level("e-0", "anna", STAFF, SmsLevel.OPTED_OUT, false, null, T1), T1);

        final TestRecord<String, ConsentState> state = kit.states.readRecord();
        assertThat(state.value().getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(state.getRecordTime()).isEqualTo(T2);
    }

    @Test
    void notesAreKeptNewestFirstForTheApi() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.events.pipeInput(ANNA, level("e-2", "anna", SUPPORT, SmsLevel.MARKETING, false, null, T2), T2);

        final List<String> kinds = new ArrayList<>();
        try (KeyValueIterator<String, ConsentNote> notes = kit.notesStore()
                .prefixScan(ConsentStores.notesPrefix(ANNA), new StringSerializer())) {
            notes.forEachRemaining((KeyValue<String, ConsentNote> entry) -> kinds.add(entry.value.getKind().name()));
        }
        assertThat(kinds).containsExactly("MARKETING_REQUESTED", "LEVEL_CHANGED", "PHONE_CHANGED");
    }
}
