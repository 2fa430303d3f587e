package io.optgate.consent.topology;

import io.optgate.platform.dlq.DeadLetters;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.PHONE;
import static io.optgate.consent.topology.Records.STAFF;
import static io.optgate.consent.topology.Records.TENANT;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.level;
import static io.optgate.consent.topology.Records.phoneKey;
import static io.optgate.consent.topology.Records.signal;
import static org.assertj.core.api.Assertions.assertThat;

class BadInputStoriesTest extends ConsentStories {

    private static String header(final TestRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void unreadableBytesDoNotStopTheNextRecord() {
        // The dead letter itself is written by the platform's handler through the producer (KIP-1034),
        // which the TopologyTestDriver does not emulate; ConsentStreamsBrokerIT reads it from the real topic.
        kit.rawEvents.pipeInput(clientKey("anna"), new byte[] {0, 0, 0, 0, 42, 1, 2}, START);
        kit.events.pipeInput(clientKey("anna"), level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, null, START), START);

        assertThat(kit.states.readValue().getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
    }

    @Test
    void aTombstoneOnConsentEventsIsDeadLettered() {
        kit.events.pipeInput(clientKey("anna"), null, START);

        final TestRecord<byte[], byte[]> dead = kit.eventsDlq.readRecord();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("INVALID_RECORD");
        kit.assertNoMoreRecords();
    }

    @Test
    void aPhoneEventWithABadNumberIsDeadLetteredWithTheReasonAndChangesNothing() {
        kit.phoneEvents.pipeInput(TENANT + ":555-0100", signal("p-1", TENANT, "555-0100", PhoneConsentKind.OPT_OUT, "STOP", START), START);

        final TestRecord<byte[], byte[]> dead = kit.phoneEventsDlq.readRecord();
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("INVALID_PHONE");
        assertThat(header(dead, DeadLetters.DETAIL)).doesNotContain("555");
        assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo("consent.phone-events");
        assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.APP)).isEqualTo("optgate-consent-streams");
        kit.assertNoMoreRecords();
    }

    @Test
    void aPhoneEventUnderAnotherNumbersKeyIsDeadLettered() {
        kit.phoneEvents.pipeInput(phoneKey("+15550100999"), signal("p-1", TENANT, PHONE, PhoneConsentKind.OPT_OUT, "STOP", START), START);

        assertThat(header(kit.phoneEventsDlq.readRecord(), DeadLetters.REASON)).isEqualTo("KEY_MISMATCH");
        kit.assertNoMoreRecords();
    }

    @Test
    void anInvalidSettingIsDeadLettered() {
        kit.settings.pipeInput("someone-else", Records.settings(true, 30, null, START), START);

        assertThat(header(kit.settingsDlq.readRecord(), DeadLetters.REASON)).isEqualTo("KEY_MISMATCH");
        kit.assertNoMoreRecords();
    }

    @Test
    void aSystemActorFromOutsideIsRecordedAsRejected() {
        final ConsentEvent event = new ConsentEvent("e-1", TENANT, "anna", START, new Actor(ActorType.SYSTEM, "optgate", "optgate"),
                new SmsLevelRequested(SmsLevel.OPTED_OUT, false, null, null), null);
        kit.events.pipeInput(clientKey("anna"), event, START);

        final var note = kit.notes.readRecord();
        assertThat(note.key()).isEqualTo(clientKey("anna"));
        assertThat(note.value().getKind()).isEqualTo(NoteKind.REJECTED);
        assertThat(note.value().getText()).endsWith("system changes are made by optgate itself and are not accepted from outside.");
        kit.assertNoMoreRecords();
    }

    /** The event names its client; a wrong or missing record key (an upstream's mistake) does not cost the change. */
    @Test
    void anEventUnderAnotherClientsKeyOrNoKeyChangesTheClientItNames() {
        kit.events.pipeInput(clientKey("ben"), level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, null, START), START);
        kit.events.pipeInput(null, level("e-2", "carl", STAFF, SmsLevel.OPTED_OUT, false, null, START), START);

        assertThat(kit.states.readRecordsToList())
                .extracting(record -> record.key() + " " + record.value().getLevel())
                .containsExactly(clientKey("anna") + " OPTED_OUT", clientKey("carl") + " OPTED_OUT");
        assertThat(kit.notes.readRecordsToList()).extracting(TestRecord::key).containsExactly(clientKey("anna"), clientKey("carl"));
        kit.assertNoMoreRecords();
    }

    @Test
    void invalidIdsAndABadNumberAreRecordedAsRejected() {
        kit.events.pipeInput("happy-paws:a b", level("e-1", "a b", STAFF, SmsLevel.OPTED_OUT, false, null, START), START);
        kit.events.pipeInput(clientKey("anna"), level("e-2", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, "0555 0100", START), START);

        assertThat(kit.notes.readRecordsToList()).extracting(record -> record.value().getText())
                .containsExactly(
                        "A change by Dr. Jane Smith was refused: the client id is not 1 to 64 letters, digits, '.', '_' or '-'.",
                        "A change by Dr. Jane Smith was refused: the mobile number is not in E.164 format (+ and 8 to 15 digits).");
        kit.assertNoMoreRecords();
    }

    @Test
    void aChangeDatedBefore1970IsRefusedWithANoteAtTheTimeItWasRead() {
        // Its note and state would carry the negative time, which no Kafka record may: the app stopped.
        kit.events.pipeInput(clientKey("anna"), level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, null,
                Instant.ofEpochMilli(-1000)), START);

        final var note = kit.notes.readRecord();
        assertThat(note.value().getKind()).isEqualTo(NoteKind.REJECTED);
        assertThat(note.value().getText()).endsWith(UNTIMELY);
        assertThat(note.timestamp()).isEqualTo(START.toEpochMilli());
        kit.assertNoMoreRecords();
    }

    @Test
    void aChangeDatedMoreThanAnHourAheadIsRefused() {
        // The broker refuses records more than an hour ahead of its clock by default: the app stopped.
        kit.events.pipeInput(clientKey("anna"), level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, null,
                START.plus(Duration.ofHours(2))), START);

        final var note = kit.notes.readRecord();
        assertThat(note.value().getKind()).isEqualTo(NoteKind.REJECTED);
        assertThat(note.value().getText()).endsWith(UNTIMELY);
        assertThat(note.timestamp()).isEqualTo(START.toEpochMilli());
        kit.assertNoMoreRecords();
    }

    @Test
    void aChangeUnderAnotherKeyAndDatedBefore1970IsRefusedForItsTime() {
        kit.events.pipeInput(clientKey("ben"), level("e-1", "anna", STAFF, SmsLevel.OPTED_OUT, false, null,
                Instant.ofEpochMilli(-1)), START);

        assertThat(kit.notes.readRecord().value().getText()).endsWith(UNTIMELY);
        kit.assertNoMoreRecords();
    }

    @Test
    void aPhoneEventDatedBefore1970OrHoursAheadIsDeadLettered() {
        kit.phoneEvents.pipeInput(phoneKey(PHONE), signal("p-1", TENANT, PHONE, PhoneConsentKind.OPT_OUT, "STOP",
                Instant.ofEpochMilli(-5)), START);
        kit.phoneEvents.pipeInput(phoneKey(PHONE), signal("p-2", TENANT, PHONE, PhoneConsentKind.OPT_OUT, "STOP",
                START.plus(Duration.ofHours(3))), START);

        for (final TestRecord<byte[], byte[]> dead : kit.phoneEventsDlq.readRecordsToList()) {
            assertThat(header(dead, DeadLetters.REASON)).isEqualTo("INVALID_TIME");
            assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo("consent.phone-events");
        }
        kit.assertNoMoreRecords();
    }

    private static final String UNTIMELY = "the time of the change is before 1970 or more than an hour ahead of the clock.";
}
