package io.optgate.faults;

import io.optgate.faults.ConsentReplay.Tables;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison of {@link ConsentReplayCheck}: what counts as the same consent, and how a difference is told. */
class ConsentReplayCheckTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final String PHONE = "+447700900123";
    private static final Actor STAFF = new Actor(ActorType.STAFF, "faults", null);

    @Test
    void equalTablesPass() {
        final Tables live = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(false, T));
        final Tables replayed = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(false, T));

        final ConsentReplayCheck check = ConsentReplayCheck.of(live, replayed);

        assertThat(check.violations()).isEmpty();
        assertThat(check.figures()).containsEntry(ConsentReplayCheck.CLIENTS_COMPARED, 1L)
                .containsEntry(ConsentReplayCheck.NUMBERS_COMPARED, 1L)
                .containsEntry(ConsentReplayCheck.HISTORY_DIFFERS, 0L);
    }

    @Test
    void aDifferentLevelIsABrokenPromiseWithTheNumberMasked() {
        final Tables live = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(false, T));
        final Tables replayed = tables(client(SmsLevel.OPTED_OUT, true, 4, T), number(false, T));

        final ConsentReplayCheck check = ConsentReplayCheck.of(live, replayed);

        assertThat(check.violations()).containsOnlyKeys(ConsentReplayCheck.DIFFERS);
        assertThat(check.differences()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("client vet-a:c-1: ")
                .contains("level=FULL_TRANSACTIONAL", "level=OPTED_OUT", "phoneSuppressed=true")
                .doesNotContain(PHONE));
    }

    @Test
    void aKeyOnOneSideOnlyIsADifference() {
        final Tables live = new Tables(Map.of(), Map.of("vet-a:" + PHONE, number(true, T)));
        final Tables replayed = tables(client(SmsLevel.BASIC_TRANSACTIONAL, false, 1, T), number(true, T));

        final ConsentReplayCheck check = ConsentReplayCheck.of(live, replayed);

        assertThat(check.differences()).singleElement().satisfies(line -> assertThat(line)
                .contains("consent.state has absent").contains("level=BASIC_TRANSACTIONAL"));
    }

    @Test
    void aNumberSuppressedOnOneSideOnlyIsADifferenceWithItsKeyMasked() {
        final Tables live = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(true, T));
        final Tables replayed = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(false, T));

        final ConsentReplayCheck check = ConsentReplayCheck.of(live, replayed);

        assertThat(check.differences()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("number vet-a:").contains("suppressed=true", "suppressed=false").doesNotContain(PHONE));
    }

    @Test
    void aDifferentPreferenceIsADifference() {
        final ConsentState granted = ConsentState.newBuilder(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T))
                .setPreferences(Map.of("reminders", Map.of("SMS", new PreferenceGrant(true, null, T))))
                .build();
        final Tables live = tables(granted, number(false, T));
        final Tables replayed = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(false, T));

        assertThat(ConsentReplayCheck.of(live, replayed).differences()).hasSize(1);
    }

    @Test
    void theSameConsentReachedByAnotherHistoryIsCountedNotFailed() {
        final Tables live = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 5, T.plusSeconds(2)), number(false, T.plusSeconds(1)));
        final Tables replayed = tables(client(SmsLevel.FULL_TRANSACTIONAL, false, 3, T), number(false, T));

        final ConsentReplayCheck check = ConsentReplayCheck.of(live, replayed);

        assertThat(check.violations()).isEmpty();
        assertThat(check.figures()).containsEntry(ConsentReplayCheck.HISTORY_DIFFERS, 2L);
    }

    private static Tables tables(final ConsentState client, final PhoneConsentState number) {
        return new Tables(Map.of("vet-a:c-1", client), Map.of("vet-a:" + PHONE, number));
    }

    private static ConsentState client(final SmsLevel level, final boolean suppressed, final long version, final Instant at) {
        return ConsentState.newBuilder()
                .setTenantId("vet-a")
                .setClientId("c-1")
                .setPhone(PHONE)
                .setLevel(level)
                .setPendingLevel(null)
                .setPendingSince(null)
                .setPhoneSuppressed(suppressed)
                .setPreferences(Map.of())
                .setUpdatedAt(at)
                .setUpdatedBy(STAFF)
                .setVersion(version)
                .setTimeZone("Europe/London")
                .build();
    }

    private static PhoneConsentState number(final boolean suppressed, final Instant at) {
        return new PhoneConsentState("vet-a", PHONE, suppressed, suppressed ? PhoneConsentKind.OPT_OUT : PhoneConsentKind.OPT_IN, at);
    }
}
