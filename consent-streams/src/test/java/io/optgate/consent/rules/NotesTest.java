package io.optgate.consent.rules;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

class NotesTest {

    private static ConsentNote onlyNote(final Actor actor, final SmsLevel from, final SmsLevel to, final boolean asked) {
        final Outcome outcome = RULES.onClientEvent(Optional.of(client(from)), Fixtures.level(actor, to, asked, T0),
                Practice.NONE, SuppressedNumbers.NONE, T0);
        assertThat(outcome.notes()).hasSize(1);
        return outcome.notes().get(0);
    }

    @Test
    void aSupportChangeIsShownAsMadeBySupportWhateverTheSupportActorIsCalled() {
        final ConsentNote note = onlyNote(Fixtures.SUPPORT, SmsLevel.BASIC_TRANSACTIONAL, SmsLevel.FULL_TRANSACTIONAL, false);

        assertThat(note.getText()).isEqualTo("Support changed SMS opt-in from Basic Transactional to Full Transactional.");
        assertThat(note.getActor()).isEqualTo(Fixtures.SUPPORT);
        assertThat(note.getAt()).isEqualTo(T0);
        assertThat(note.getTenantId()).isEqualTo(Fixtures.TENANT);
        assertThat(note.getClientId()).isEqualTo(Fixtures.CLIENT);
    }

    @Test
    void aStaffChangeNamesTheStaffMember() {
        assertThat(onlyNote(Fixtures.STAFF, SmsLevel.FULL_TRANSACTIONAL, SmsLevel.OPTED_OUT, false).getText())
                .isEqualTo("Dr. Jane Smith changed SMS opt-in from Full Transactional to Opted Out.");
        assertThat(onlyNote(new Actor(ActorType.STAFF, "u-9", null), SmsLevel.FULL_TRANSACTIONAL, SmsLevel.OPTED_OUT, false).getText())
                .isEqualTo("Staff member u-9 changed SMS opt-in from Full Transactional to Opted Out.");
    }

    @Test
    void theClientsOwnChangeIsShownAsTheClients() {
        assertThat(onlyNote(Fixtures.CLIENT_ACTOR, SmsLevel.OPTED_OUT, SmsLevel.FULL_TRANSACTIONAL, false).getText())
                .isEqualTo("The client changed SMS opt-in from Opted Out to Full Transactional.");
    }

    @Test
    void aReOptInByStaffSaysTheClientAskedForIt() {
        assertThat(onlyNote(Fixtures.STAFF, SmsLevel.OPTED_OUT, SmsLevel.BASIC_TRANSACTIONAL, true).getText())
                .isEqualTo("Dr. Jane Smith changed SMS opt-in from Opted Out to Basic Transactional at the client's request.");
    }

    @Test
    void aRefusedReOptInSaysWhyAndKeepsTheLevel() {
        final ConsentNote note = onlyNote(Fixtures.SUPPORT, SmsLevel.OPTED_OUT, SmsLevel.FULL_TRANSACTIONAL, false);

        assertThat(note.getText()).isEqualTo("A change by Support was refused: the client is Opted Out; changing SMS opt-in "
                + "to Full Transactional needs the statement that the client asked for it.");
        assertThat(note.getPreviousLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(note.getNewLevel()).isEqualTo(SmsLevel.OPTED_OUT);
    }

    @Test
    void noteIdsAreStablePerEventAndDistinctWithinIt() {
        final var event = Fixtures.levelWithPhone(Fixtures.STAFF, SmsLevel.FULL_TRANSACTIONAL, Fixtures.OTHER_PHONE, T0);
        final Outcome once = RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)), event, Practice.NONE, SuppressedNumbers.NONE, T0);
        final Outcome twice = RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)), event, Practice.NONE, SuppressedNumbers.NONE, T0);

        assertThat(once.notes()).hasSize(2);
        assertThat(once.notes().get(0).getNoteId()).isNotEqualTo(once.notes().get(1).getNoteId());
        assertThat(twice.notes()).isEqualTo(once.notes());
        assertThat(once.notes()).allSatisfy(note -> assertThat(note.getEventId()).isEqualTo(event.getEventId()));
    }

    @Test
    void aLateEventNeverStampsAVersionEarlierThanTheOneBefore() {
        final ConsentState current = client(SmsLevel.BASIC_TRANSACTIONAL);
        final var stale = Fixtures.level(Fixtures.STAFF, SmsLevel.FULL_TRANSACTIONAL, false, current.getUpdatedAt().minus(Duration.ofDays(3)));

        final Outcome outcome = RULES.onClientEvent(Optional.of(current), stale, Practice.NONE, SuppressedNumbers.NONE, T0);

        assertThat(outcome.latest().orElseThrow().getUpdatedAt()).isEqualTo(current.getUpdatedAt());
        assertThat(outcome.notes().get(0).getAt()).isEqualTo(current.getUpdatedAt());
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(Wording.duration(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Wording.duration(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(Wording.duration(Duration.ofHours(36))).isEqualTo("36 hours");
        assertThat(Wording.duration(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(Wording.duration(Duration.ofSeconds(45))).isEqualTo("45 seconds");
        assertThat(Wording.duration(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
    }
}
