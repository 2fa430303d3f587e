package io.optgate.consent.rules;

import io.optgate.schema.Channel;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.STAFF;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.client;
import static io.optgate.consent.rules.Fixtures.grant;
import static io.optgate.consent.rules.Fixtures.practice;
import static io.optgate.consent.rules.Fixtures.preference;
import static io.optgate.consent.rules.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

class PreferenceRulesTest {

    private static final Instant UNTIL = Instant.parse("2026-12-31T00:00:00Z");
    private static final Practice PRACTICE = practice(settings(true, 365, null),
            preference("newsletter", "Newsletter", true, true, Channel.SMS, Channel.EMAIL),
            preference("legal", "Legal notices", true, false, Channel.LETTER),
            preference("old-offers", "Old offers", false, true, Channel.SMS));

    private Outcome apply(final ConsentState current, final ConsentEvent event, final Practice practice) {
        return RULES.onClientEvent(Optional.ofNullable(current), event, practice, SuppressedNumbers.NONE, T0);
    }

    @Test
    void aGrantWithAnExpiryIsRecordedPerPreferenceAndChannel() {
        final Outcome outcome = apply(client(SmsLevel.BASIC_TRANSACTIONAL),
                grant(STAFF, "newsletter", Channel.SMS, true, UNTIL, T0), PRACTICE);

        final ConsentState state = outcome.latest().orElseThrow();
        assertThat(state.getPreferences().get("newsletter").get("SMS")).isEqualTo(new PreferenceGrant(true, UNTIL, T0));
        assertThat(state.getLevel()).as("the SMS level is separate").isEqualTo(SmsLevel.BASIC_TRANSACTIONAL);
        final ConsentNote note = outcome.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.PREFERENCE_CHANGED);
        assertThat(note.getPreviousLevel()).isNull();
        assertThat(note.getNewLevel()).isNull();
        assertThat(note.getText()).isEqualTo("Dr. Jane Smith granted consent for \"Newsletter\" by SMS until 2026-12-31T00:00:00Z.");
    }

    @Test
    void aGrantWithoutExpiryGetsThePracticesDefaultValidity() {
        final Outcome outcome = apply(null, grant(STAFF, "newsletter", Channel.EMAIL, true, null, T0), PRACTICE);

        assertThat(outcome.latest().orElseThrow().getPreferences().get("newsletter").get("EMAIL").getValidUntil())
                .isEqualTo(T0.plus(Duration.ofDays(365)));
    }

    @Test
    void aGrantWithoutExpiryInAPracticeWithoutDefaultValidityNeverExpires() {
        final Practice noDefault = practice(settings(true, null, null), preference("newsletter", "Newsletter", true, true, Channel.SMS));

        final Outcome outcome = apply(null, grant(STAFF, "newsletter", Channel.SMS, true, null, T0), noDefault);

        assertThat(outcome.latest().orElseThrow().getPreferences().get("newsletter").get("SMS").getValidUntil()).isNull();
        assertThat(outcome.notes().get(0).getText()).endsWith("by SMS with no expiry.");
    }

    @Test
    void withdrawingAGrantIsNoted() {
        final ConsentState granted = apply(client(SmsLevel.BASIC_TRANSACTIONAL),
                grant(STAFF, "newsletter", Channel.SMS, true, UNTIL, T0), PRACTICE).latest().orElseThrow();

        final Outcome outcome = apply(granted, grant(Fixtures.CLIENT_ACTOR, "newsletter", Channel.SMS, false, null, T0.plusSeconds(5)), PRACTICE);

        final PreferenceGrant after = outcome.latest().orElseThrow().getPreferences().get("newsletter").get("SMS");
        assertThat(after.getGranted()).isFalse();
        assertThat(after.getValidUntil()).isNull();
        assertThat(outcome.notes().get(0).getText()).isEqualTo("The client withdrew consent for \"Newsletter\" by SMS.");
    }

    @Test
    void theSameGrantAgainAndWithdrawingWhatWasNeverGrantedChangeNothing() {
        final ConsentState granted = apply(client(SmsLevel.BASIC_TRANSACTIONAL),
                grant(STAFF, "newsletter", Channel.SMS, true, UNTIL, T0), PRACTICE).latest().orElseThrow();

        assertThat(apply(granted, grant(STAFF, "newsletter", Channel.SMS, true, UNTIL, T0.plusSeconds(1)), PRACTICE))
                .isEqualTo(Outcome.unchanged());
        assertThat(apply(granted, grant(STAFF, "newsletter", Channel.EMAIL, false, null, T0.plusSeconds(1)), PRACTICE))
                .isEqualTo(Outcome.unchanged());
    }

    @Test
    void preferencesSwitchedOffOrNeverSetUpRefuseGrants() {
        final Practice off = practice(settings(false, null, null), preference("newsletter", "Newsletter", true, true, Channel.SMS));

        assertRejected(apply(null, grant(STAFF, "newsletter", Channel.SMS, true, UNTIL, T0), off),
                RejectionCode.COMMUNICATION_PREFERENCES_DISABLED, "communication preferences are switched off for this practice.");
        assertRejected(apply(null, grant(STAFF, "newsletter", Channel.SMS, true, UNTIL, T0), Practice.NONE),
                RejectionCode.COMMUNICATION_PREFERENCES_DISABLED, "communication preferences are switched off for this practice.");
    }

    @Test
    void anUnknownPreferenceIsRefused() {
        assertRejected(apply(null, grant(STAFF, "nope", Channel.SMS, true, UNTIL, T0), PRACTICE),
                RejectionCode.UNKNOWN_PREFERENCE, "the practice has no communication preference \"nope\".");
    }

    @Test
    void anArchivedPreferenceIsRefused() {
        assertRejected(apply(null, grant(STAFF, "old-offers", Channel.SMS, true, UNTIL, T0), PRACTICE),
                RejectionCode.PREFERENCE_ARCHIVED, "the communication preference \"Old offers\" is archived.");
    }

    @Test
    void aFixedPreferenceRefusesPerClientChanges() {
        assertRejected(apply(null, grant(STAFF, "legal", Channel.LETTER, false, null, T0), PRACTICE),
                RejectionCode.NOT_EDITABLE, "the communication preference \"Legal notices\" is fixed and cannot be changed per client.");
    }

    @Test
    void aChannelThePreferenceIsNotOfferedOnIsRefused() {
        assertRejected(apply(null, grant(STAFF, "newsletter", Channel.LETTER, true, UNTIL, T0), PRACTICE),
                RejectionCode.CHANNEL_NOT_OFFERED, "the communication preference \"Newsletter\" is not offered by letter.");
        assertRejected(apply(null, grant(STAFF, "newsletter", Channel.UNKNOWN, true, UNTIL, T0), PRACTICE),
                RejectionCode.CHANNEL_NOT_OFFERED, "the communication preference \"Newsletter\" is not offered by an unknown channel.");
    }

    @Test
    void aGrantThatWouldBeExpiredWhenGivenIsRefused() {
        assertRejected(apply(null, grant(STAFF, "newsletter", Channel.SMS, true, T0, T0), PRACTICE),
                RejectionCode.INVALID_VALIDITY, "the consent would have expired before it was given.");
    }

    @Test
    void aGrantExpiresOnTheClockWithANoteAndCountsAsNotGranted() {
        final ConsentState granted = apply(client(SmsLevel.BASIC_TRANSACTIONAL),
                grant(STAFF, "newsletter", Channel.SMS, true, T0.plus(Duration.ofDays(30)), T0), PRACTICE).latest().orElseThrow();
        assertThat(RULES.nextDeadline(granted)).contains(T0.plus(Duration.ofDays(30)));

        final Outcome notYet = RULES.onClock(granted, PRACTICE, T0.plus(Duration.ofDays(29)));
        final Outcome expired = RULES.onClock(granted, PRACTICE, T0.plus(Duration.ofDays(31)));

        assertThat(notYet).isEqualTo(Outcome.unchanged());
        final ConsentState state = expired.latest().orElseThrow();
        assertThat(state.getPreferences().get("newsletter").get("SMS"))
                .isEqualTo(new PreferenceGrant(false, T0.plus(Duration.ofDays(30)), T0.plus(Duration.ofDays(30))));
        assertThat(state.getUpdatedAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(state.getUpdatedBy()).isEqualTo(ConsentRules.OPTGATE);
        final ConsentNote note = expired.notes().get(0);
        assertThat(note.getKind()).isEqualTo(NoteKind.PREFERENCE_EXPIRED);
        assertThat(note.getText()).isEqualTo("Consent for \"Newsletter\" by SMS expired.");
        assertThat(RULES.nextDeadline(state)).isEmpty();
    }

    @Test
    void severalDueItemsExpireInTheOrderTheyFellDue() {
        final ConsentState first = apply(client(SmsLevel.BASIC_TRANSACTIONAL),
                grant(STAFF, "newsletter", Channel.SMS, true, T0.plus(Duration.ofDays(3)), T0), PRACTICE).latest().orElseThrow();
        final ConsentState both = apply(first,
                grant(STAFF, "newsletter", Channel.EMAIL, true, T0.plus(Duration.ofDays(2)), T0.plusSeconds(1)), PRACTICE).latest().orElseThrow();

        final Outcome expired = RULES.onClock(both, PRACTICE, T0.plus(Duration.ofDays(4)));

        assertThat(expired.notes()).extracting(ConsentNote::getText)
                .containsExactly("Consent for \"Newsletter\" by email expired.", "Consent for \"Newsletter\" by SMS expired.");
        assertThat(expired.versions()).extracting(ConsentState::getVersion).containsExactly(6L, 7L);
    }

    @Test
    void anExpiryNoteNamesThePreferenceByIdWhenItsDefinitionIsGone() {
        final ConsentState granted = apply(client(SmsLevel.BASIC_TRANSACTIONAL),
                grant(STAFF, "newsletter", Channel.SMS, true, T0.plus(Duration.ofDays(1)), T0), PRACTICE).latest().orElseThrow();

        final Outcome expired = RULES.onClock(granted, Practice.NONE, T0.plus(Duration.ofDays(2)));

        assertThat(expired.notes().get(0).getText()).isEqualTo("Consent for \"newsletter\" by SMS expired.");
    }

    private static void assertRejected(final Outcome outcome, final RejectionCode code, final String reason) {
        assertThat(outcome.rejection()).contains(new Rejection(code, reason));
        assertThat(outcome.versions()).isEmpty();
        assertThat(outcome.result()).isEqualTo(Outcome.Result.REJECTED);
        assertThat(outcome.notes()).singleElement().satisfies(note -> {
            assertThat(note.getKind()).isEqualTo(NoteKind.REJECTED);
            assertThat(note.getText()).isEqualTo("A change by Dr. Jane Smith was refused: " + reason);
        });
    }
}
