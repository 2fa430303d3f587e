package io.optgate.consent.rules;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentEvidence;
import io.optgate.schema.ConsentMethod;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.STAFF;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.client;
import static io.optgate.consent.rules.Fixtures.level;
import static io.optgate.consent.rules.Fixtures.levelWithPhone;
import static io.optgate.consent.rules.Fixtures.pendingMarketing;
import static io.optgate.consent.rules.Fixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

/** GDPR Art. 7(1): every consent change can show how consent was given, and the notes keep it. */
class EvidenceRulesTest {

    private static final Instant LATER = T0.plus(Duration.ofHours(1));
    private static final ConsentEvidence SIGNED_FORM =
            new ConsentEvidence(ConsentMethod.IN_PERSON, "privacy-2026-03", "Signed the consent form at reception.");

    private static ConsentEvent withEvidence(final ConsentEvent event, final ConsentEvidence evidence) {
        event.setEvidence(evidence);
        return event;
    }

    private static Outcome apply(final ConsentEvent event) {
        return RULES.onClientEvent(Optional.empty(), event, Practice.NONE, phone -> false, T0);
    }

    @Test
    void everyNoteOfAChangeCarriesTheEvidenceItWasMadeWith() {
        final Outcome outcome = apply(withEvidence(levelWithPhone(STAFF, SmsLevel.FULL_TRANSACTIONAL, Fixtures.PHONE, T0), SIGNED_FORM));

        assertThat(outcome.notes()).hasSize(2);
        assertThat(outcome.notes()).extracting(ConsentNote::getEvidence).containsOnly(SIGNED_FORM);
    }

    @Test
    void aChangeWithoutEvidenceHasNotesWithout() {
        assertThat(apply(level(STAFF, SmsLevel.FULL_TRANSACTIONAL)).notes()).extracting(ConsentNote::getEvidence).containsOnlyNulls();
    }

    @Test
    void aRefusedChangeKeepsTheEvidenceItClaimed() {
        final Outcome outcome = RULES.onClientEvent(Optional.of(client(SmsLevel.OPTED_OUT)),
                withEvidence(level(STAFF, SmsLevel.FULL_TRANSACTIONAL), SIGNED_FORM), Practice.NONE, phone -> false, T0);

        assertThat(outcome.rejection()).isPresent();
        assertThat(outcome.notes().get(0).getEvidence()).isEqualTo(SIGNED_FORM);
    }

    @Test
    void aBlankOrOverlongPolicyVersionOrTextIsRefused() {
        final String tooLong = "x".repeat(ConsentRules.MAX_EVIDENCE_TEXT + 1);
        for (final ConsentEvidence bad : new ConsentEvidence[] {
                new ConsentEvidence(ConsentMethod.EMAIL, " ", null),
                new ConsentEvidence(ConsentMethod.EMAIL, "v".repeat(ConsentRules.MAX_POLICY_VERSION + 1), null),
                new ConsentEvidence(ConsentMethod.EMAIL, null, ""),
                new ConsentEvidence(ConsentMethod.EMAIL, null, tooLong)}) {
            final Optional<Rejection> refused = ConsentRules.validate(withEvidence(level(STAFF, SmsLevel.FULL_TRANSACTIONAL), bad));
            assertThat(refused).map(Rejection::code).contains(RejectionCode.INVALID_EVIDENCE);
        }
        assertThat(ConsentRules.validate(withEvidence(level(STAFF, SmsLevel.FULL_TRANSACTIONAL),
                new ConsentEvidence(ConsentMethod.WEB_FORM, null, "x".repeat(ConsentRules.MAX_EVIDENCE_TEXT))))).isEmpty();
    }

    @Test
    void aStopIsRecordedAsGivenByTextWithTheKeyword() {
        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.MARKETING), signal(PhoneConsentKind.OPT_OUT, "UNSUBSCRIBE", LATER),
                Practice.NONE, LATER);

        assertThat(outcome.notes().get(0).getEvidence()).isEqualTo(new ConsentEvidence(ConsentMethod.TEXT, null, "UNSUBSCRIBE"));
    }

    @Test
    void aPlainLanguageRevocationIsRecordedWithTheCueNeverTheMessage() {
        final PhoneConsentEvent revocation = signal(PhoneConsentKind.OPT_OUT, null, LATER);
        revocation.setRevocationCue("stop texting");

        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.MARKETING), revocation, Practice.NONE, LATER);

        assertThat(outcome.notes().get(0).getEvidence()).isEqualTo(new ConsentEvidence(ConsentMethod.TEXT, null, "stop texting"));
    }

    @Test
    void yesAndStartAreRecordedAsGivenByText() {
        final Outcome yes = RULES.onPhoneSignal(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0), signal(PhoneConsentKind.CONFIRM, "YES", LATER),
                Practice.NONE, LATER);
        final Outcome start = RULES.onPhoneSignal(client(SmsLevel.OPTED_OUT), signal(PhoneConsentKind.OPT_IN, "UNSTOP", LATER),
                Practice.NONE, LATER);

        assertThat(yes.notes().get(0).getEvidence()).isEqualTo(new ConsentEvidence(ConsentMethod.TEXT, null, "YES"));
        assertThat(start.notes().get(0).getEvidence()).isEqualTo(new ConsentEvidence(ConsentMethod.TEXT, null, "UNSTOP"));
    }

    @Test
    void aKeywordThatIsNotOnePlainWordIsRecordedAsTheKindsKeyword() {
        final Outcome outcome = RULES.onPhoneSignal(client(SmsLevel.MARKETING), signal(PhoneConsentKind.OPT_OUT, "stop now please", LATER),
                Practice.NONE, LATER);

        assertThat(outcome.notes().get(0).getEvidence().getText()).isEqualTo("STOP");
    }

    @Test
    void carrierReportsAndLapsesCarryNoEvidence() {
        final Outcome carrier = RULES.onPhoneSignal(client(SmsLevel.MARKETING), signal(PhoneConsentKind.CARRIER_OPT_OUT, null, LATER),
                Practice.NONE, LATER);
        final Outcome lapse = RULES.onClock(pendingMarketing(SmsLevel.BASIC_TRANSACTIONAL, T0), Practice.NONE, T0.plus(Duration.ofDays(8)));

        assertThat(carrier.notes().get(0).getEvidence()).isNull();
        assertThat(lapse.notes()).hasSize(1);
        assertThat(lapse.notes().get(0).getEvidence()).isNull();
    }
}
