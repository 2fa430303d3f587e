package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.decision.ClientConsent;
import io.optgate.dispatcher.decision.DropReason;
import io.optgate.dispatcher.decision.PhoneStatus;
import io.optgate.dispatcher.sender.HandOverPolicy.ConsentNow;
import io.optgate.dispatcher.sender.HandOverPolicy.Verdict;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HandOverPolicyTest {

    static final Instant REQUESTED_AT = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant NOW = REQUESTED_AT.plusSeconds(600);
    static final String PHONE = "+15550001111";

    static MessageRequest.Builder text(final Category category) {
        return MessageRequest.newBuilder().setRequestId("r-1").setTenantId("vet1").setClientId("c1").setTo(PHONE)
                .setChannel(Channel.SMS).setCategory(category).setBody("Your prescription is ready.")
                .setRequestedAt(REQUESTED_AT);
    }

    static ConsentState.Builder consent(final SmsLevel level) {
        return ConsentState.newBuilder().setTenantId("vet1").setClientId("c1").setPhone(PHONE).setLevel(level)
                .setPhoneSuppressed(false).setPreferences(Map.of()).setUpdatedAt(REQUESTED_AT.minusSeconds(3600))
                .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(7L);
    }

    static ConsentNow now(final ConsentState state, final PhoneStatus phone) {
        return new ConsentNow(ClientConsent.recorded(state), phone, Optional.empty(), Optional.empty());
    }

    static Verdict judge(final MessageRequest request, final ConsentNow consent) {
        return HandOverPolicy.atHandOver(request, 1, consent, NOW);
    }

    @Test
    void aTextStillEligibleIsHandedOver() {
        assertThat(judge(text(Category.BASIC_TRANSACTIONAL).build(), now(consent(SmsLevel.BASIC_TRANSACTIONAL).build(),
                PhoneStatus.CLEAR))).isEqualTo(new Verdict.HandOver(1));
        assertThat(judge(text(Category.BASIC_TRANSACTIONAL).build(), new ConsentNow(ClientConsent.neverSeen(),
                PhoneStatus.CLEAR, Optional.empty(), Optional.empty()))).isEqualTo(new Verdict.HandOver(1));
    }

    @Test
    void aNumberThatRepliedStopSinceTheDecisionIsCancelled() {
        assertThat(judge(text(Category.BASIC_TRANSACTIONAL).build(), now(consent(SmsLevel.BASIC_TRANSACTIONAL).build(),
                PhoneStatus.SUPPRESSED))).isEqualTo(new Verdict.Cancelled(1, DropReason.PHONE_SUPPRESSED, Optional.empty()));
    }

    @Test
    void aClientOptedOutOrLevelledDownSinceTheDecisionIsCancelled() {
        assertThat(judge(text(Category.BASIC_TRANSACTIONAL).build(), now(consent(SmsLevel.OPTED_OUT).build(),
                PhoneStatus.CLEAR))).isEqualTo(new Verdict.Cancelled(1, DropReason.OPTED_OUT, Optional.empty()));
        assertThat(judge(text(Category.FULL_TRANSACTIONAL).build(), now(consent(SmsLevel.BASIC_TRANSACTIONAL).build(),
                PhoneStatus.CLEAR))).isEqualTo(new Verdict.Cancelled(1, DropReason.LEVEL_TOO_LOW, Optional.empty()));
    }

    @Test
    void consentThatCannotBeReadCancelsFailingClosed() {
        assertThat(judge(text(Category.BASIC_TRANSACTIONAL).build(), new ConsentNow(ClientConsent.unreadable(),
                PhoneStatus.CLEAR, Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(Verdict.Cancelled.class,
                        c -> assertThat(c.reason()).isEqualTo(DropReason.CONSENT_UNREADABLE));
        assertThat(judge(text(Category.BASIC_TRANSACTIONAL).build(), now(consent(SmsLevel.BASIC_TRANSACTIONAL).build(),
                PhoneStatus.UNREADABLE)))
                .isInstanceOfSatisfying(Verdict.Cancelled.class,
                        c -> assertThat(c.reason()).isEqualTo(DropReason.CONSENT_UNREADABLE));
    }

    @Test
    void aPreferenceGrantThatLapsedWhileTheTextWaitedCancelsIt() {
        final MessageRequest request = text(Category.MARKETING).setPreferenceId("news").build();
        final PreferenceDefinition news = PreferenceDefinition.newBuilder().setPreferenceId("news").setName("News")
                .setChannels(List.of(Channel.SMS)).setActive(true).setEditable(true)
                .setDescriptionDisplay(DescriptionDisplay.SHOW_ON_HOVER).build();
        final CommunicationSettings on = CommunicationSettings.newBuilder().setEnabled(true).build();
        final Instant validUntil = REQUESTED_AT.plusSeconds(60); // valid when requested, lapsed by NOW
        final ConsentState granted = consent(SmsLevel.MARKETING).setPreferences(Map.of("news",
                Map.of("SMS", new PreferenceGrant(true, validUntil, REQUESTED_AT.minusSeconds(60))))).build();

        assertThat(judge(request, new ConsentNow(ClientConsent.recorded(granted), PhoneStatus.CLEAR, Optional.of(on),
                Optional.of(news)))).isEqualTo(new Verdict.Cancelled(1, DropReason.CONSENT_EXPIRED, Optional.empty()));
        assertThat(HandOverPolicy.atHandOver(request, 1, new ConsentNow(ClientConsent.recorded(granted),
                PhoneStatus.CLEAR, Optional.of(on), Optional.of(news)), REQUESTED_AT.plusSeconds(30)))
                .isEqualTo(new Verdict.HandOver(1));
    }

    @Test
    void aTextPastItsExpiryFailsExpiredAsBefore() {
        final MessageRequest request = text(Category.BASIC_TRANSACTIONAL).setExpiresAt(NOW).build();
        assertThat(judge(request, now(consent(SmsLevel.OPTED_OUT).build(), PhoneStatus.SUPPRESSED)))
                .isEqualTo(new Verdict.Expired(1, NOW));
    }

    @Test
    void theLedgerDecidesBeforeConsent() {
        assertThat(HandOverPolicy.fromLedger(1, Optional.empty(), false)).isEqualTo(new Verdict.Continue(1));
        assertThat(HandOverPolicy.fromLedger(1, Optional.empty(), true)).isEqualTo(new Verdict.AlreadyHandled());
        assertThat(HandOverPolicy.fromLedger(1, view(LedgerEntry.State.DONE, 1, false), false))
                .isEqualTo(new Verdict.AlreadyHandled());
        assertThat(HandOverPolicy.fromLedger(1, view(LedgerEntry.State.HANDED_OVER, 2, true), false))
                .isEqualTo(new Verdict.AlreadyHandled());
        assertThat(HandOverPolicy.fromLedger(1, view(LedgerEntry.State.HANDED_OVER, 2, false), false))
                .isEqualTo(new Verdict.Unconfirmed(2));
        assertThat(HandOverPolicy.fromLedger(1, view(LedgerEntry.State.RELEASED, 2, false), false))
                .isEqualTo(new Verdict.Continue(3));
        assertThat(HandOverPolicy.fromLedger(4, view(LedgerEntry.State.RELEASED, 2, true), false))
                .isEqualTo(new Verdict.Continue(4));
    }

    private static Optional<Ledger.View> view(final LedgerEntry.State state, final int attempt, final boolean mine) {
        return Optional.of(new Ledger.View(state, attempt, 0, 0, mine));
    }
}
