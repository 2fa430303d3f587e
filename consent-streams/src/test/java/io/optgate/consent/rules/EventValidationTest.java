package io.optgate.consent.rules;

import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentState;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.NoteKind;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.STAFF;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

class EventValidationTest {

    private static Outcome apply(final ConsentEvent event) {
        return RULES.onClientEvent(Optional.of(client(SmsLevel.BASIC_TRANSACTIONAL)), event, Practice.NONE, SuppressedNumbers.NONE, T0);
    }

    private static ConsentEvent fullTransactional() {
        return Fixtures.level(STAFF, SmsLevel.FULL_TRANSACTIONAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "vet 1", "vet:1", "vet/1", "ä", "01234567890123456789012345678901234567890123456789012345678901234"})
    void anInvalidPracticeIdIsRefused(final String tenantId) {
        final Outcome outcome = apply(ConsentEvent.newBuilder(fullTransactional()).setTenantId(tenantId).build());

        assertThat(outcome.rejection()).map(Rejection::code).contains(RejectionCode.INVALID_TENANT_ID);
        assertThat(outcome.versions()).isEmpty();
        assertThat(outcome.notes()).singleElement().extracting(ConsentNote::getKind).isEqualTo(NoteKind.REJECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "c 1", "c:1", "0123456789012345678901234567890123456789012345678901234567890123X"})
    void anInvalidClientIdIsRefused(final String clientId) {
        assertThat(apply(ConsentEvent.newBuilder(fullTransactional()).setClientId(clientId).build()).rejection())
                .map(Rejection::code).contains(RejectionCode.INVALID_CLIENT_ID);
    }

    @Test
    void theLongestValidIdsAreAccepted() {
        final String sixtyFour = "a".repeat(64);
        assertThat(Identifiers.isValidId(sixtyFour)).isTrue();
        assertThat(Identifiers.isValidId("Vet_1.a-b")).isTrue();
        assertThat(Identifiers.isValidId(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"15550100001", "+1555", "+1234567", "+1234567890123456", "+1 555 0100", "+1555010000a", ""})
    void aMobileNumberThatIsNotE164IsRefused(final String phone) {
        final Outcome withLevel = apply(Fixtures.levelWithPhone(STAFF, SmsLevel.FULL_TRANSACTIONAL, phone, T0));
        final Outcome contact = apply(Fixtures.contact(STAFF, phone, T0));

        assertThat(withLevel.rejection()).map(Rejection::code).contains(RejectionCode.INVALID_PHONE);
        assertThat(contact.rejection()).map(Rejection::code).contains(RejectionCode.INVALID_PHONE);
        Fixtures.assertNoPhoneNumbers(withLevel.notes());
        Fixtures.assertNoPhoneNumbers(contact.notes());
    }

    @Test
    void e164NumbersOfEightToFifteenDigitsAreAccepted() {
        assertThat(Identifiers.isE164("+12345678")).isTrue();
        assertThat(Identifiers.isE164("+123456789012345")).isTrue();
    }

    @Test
    void aSystemActorFromOutsideIsRefused() {
        final Outcome outcome = apply(Fixtures.level(Fixtures.SYSTEM, SmsLevel.OPTED_OUT));

        assertThat(outcome.rejection()).contains(new Rejection(RejectionCode.SYSTEM_ACTOR_NOT_ALLOWED,
                "system changes are made by optgate itself and are not accepted from outside."));
        assertThat(outcome.notes().get(0).getText()).isEqualTo("A change by optgate was refused: system changes are made "
                + "by optgate itself and are not accepted from outside.");
    }

    @Test
    void anActorWithoutIdIsRefused() {
        assertThat(apply(Fixtures.level(new Actor(ActorType.STAFF, " ", null), SmsLevel.OPTED_OUT)).rejection())
                .map(Rejection::code).contains(RejectionCode.INVALID_ACTOR);
    }

    @Test
    void anEventWithoutIdIsRefused() {
        assertThat(apply(ConsentEvent.newBuilder(fullTransactional()).setEventId("").build()).rejection())
                .map(Rejection::code).contains(RejectionCode.INVALID_EVENT_ID);
    }

    @Test
    void anUnknownKindOfChangeIsRefused() {
        final ConsentEvent odd = ConsentEvent.newBuilder(fullTransactional()).build();
        odd.setChange("something else");

        assertThat(apply(odd).rejection()).map(Rejection::code).contains(RejectionCode.UNSUPPORTED_CHANGE);
    }

    @Test
    void aRejectionDecidedOutsideTheRulesIsRecordedTheSameWay() {
        final ConsentEvent event = fullTransactional();

        final Outcome outcome = RULES.reject(Optional.empty(), event,
                new Rejection(RejectionCode.KEY_MISMATCH, "the record key does not name the event's client."));

        assertThat(outcome.result()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(outcome.notes()).singleElement().satisfies(note -> {
            assertThat(note.getKind()).isEqualTo(NoteKind.REJECTED);
            assertThat(note.getEventId()).isEqualTo(event.getEventId());
            assertThat(note.getPreviousLevel()).isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
            assertThat(note.getAt()).isEqualTo(T0);
        });
    }

    @Test
    void conflictsAreTellableFromInvalidInput() {
        assertThat(RejectionCode.OPT_IN_CONFIRMATION_REQUIRED.isConflict()).isTrue();
        assertThat(RejectionCode.NOT_EDITABLE.isConflict()).isTrue();
        assertThat(RejectionCode.INVALID_PHONE.isConflict()).isFalse();
        assertThat(RejectionCode.SYSTEM_ACTOR_NOT_ALLOWED.isConflict()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "+05:00", "america/chicago", ""})
    void aTimeZoneThatIsNoIanaIdIsRefused(final String zone) {
        final ConsentEvent withLevel = Fixtures.levelWithPhone(STAFF, SmsLevel.FULL_TRANSACTIONAL, "+15550100001", T0);
        ((SmsLevelRequested) withLevel.getChange()).setTimeZone(zone);
        final ConsentEvent contact = Fixtures.contact(STAFF, "+15550100001", T0);
        ((ContactChanged) contact.getChange()).setTimeZone(zone);

        assertThat(apply(withLevel).rejection()).map(Rejection::code).contains(RejectionCode.INVALID_TIME_ZONE);
        assertThat(apply(contact).rejection()).map(Rejection::code).contains(RejectionCode.INVALID_TIME_ZONE);
    }

    @Test
    void aTimeZoneAloneIsAChangeThatKeepsThePhone() {
        final ConsentState before = ConsentState.newBuilder(client(SmsLevel.BASIC_TRANSACTIONAL)).setPhone("+15550100001").build();
        final ConsentEvent zoneOnly = Fixtures.contact(STAFF, "+15550100001", T0);
        ((ContactChanged) zoneOnly.getChange()).setTimeZone("America/Denver");

        final Outcome outcome = RULES.onClientEvent(Optional.of(before), zoneOnly, Practice.NONE, SuppressedNumbers.NONE, T0);

        assertThat(outcome.versions()).singleElement().satisfies(state -> {
            assertThat(state.getTimeZone()).isEqualTo("America/Denver");
            assertThat(state.getPhone()).isEqualTo("+15550100001");
        });
        assertThat(outcome.notes()).extracting(ConsentNote::getKind).containsExactly(NoteKind.TIME_ZONE_CHANGED);
    }
}
