package io.optgate.dispatcher.quiet;

import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.MessageRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuietHoursTest {

    static final QuietHoursData DATA = QuietHoursData.load();
    static final QuietHours RULES = new QuietHours(DATA);
    /** A New York number (212), a Miami one (305), a Florida panhandle one (850, Eastern and Central). */
    static final String NEW_YORK = "+12125550100";
    static final String MIAMI = "+13055550100";
    static final String PANHANDLE = "+18505550100";
    /** 555 is no area code: the number could be anywhere in the US. */
    static final String UNKNOWN = "+15550001111";

    static MessageRequest text(final String to, final Category category) {
        return MessageRequest.newBuilder().setRequestId("r-1").setTenantId("vet1").setClientId("c-1").setTo(to)
                .setChannel(Channel.SMS).setCategory(category).setBody("Spring offer")
                .setRequestedAt(Instant.EPOCH).build();
    }

    static QuietHours.Timing timing(final String to, final Category category, final String at) {
        return RULES.timing(text(to, category), Optional.empty(), Optional.empty(), Instant.parse(at));
    }

    static QuietHours.Timing.HoldUntil held(final QuietHours.Timing timing) {
        assertThat(timing).isInstanceOf(QuietHours.Timing.HoldUntil.class);
        return (QuietHours.Timing.HoldUntil) timing;
    }

    static CommunicationSettings.Builder practice() {
        return CommunicationSettings.newBuilder().setEnabled(false);
    }

    @Test
    void aMarketingTextAt22InNewYorkWaitsUntil8TheNextMorning() {
        // 2026-01-15 22:00 EST is 2026-01-16 03:00 UTC
        assertThat(held(timing(NEW_YORK, Category.MARKETING, "2026-01-16T03:00:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-16T13:00:00Z"));
    }

    @Test
    void fullTransactionalWaitsToo() {
        assertThat(timing(NEW_YORK, Category.FULL_TRANSACTIONAL, "2026-01-16T03:00:00Z"))
                .isInstanceOf(QuietHours.Timing.HoldUntil.class);
    }

    @Test
    void basicTransactionalAndConsentConfirmationGoAtNight() {
        assertThat(timing(NEW_YORK, Category.BASIC_TRANSACTIONAL, "2026-01-16T03:00:00Z")).isInstanceOf(QuietHours.Timing.Now.class);
        assertThat(timing(NEW_YORK, Category.CONSENT_CONFIRMATION, "2026-01-16T03:00:00Z")).isInstanceOf(QuietHours.Timing.Now.class);
    }

    @Test
    void anEmailIsNotAText() {
        final MessageRequest email = text("a@example.com", Category.MARKETING);
        email.setChannel(Channel.EMAIL);
        assertThat(RULES.timing(email, Optional.empty(), Optional.empty(), Instant.parse("2026-01-16T03:00:00Z")))
                .isInstanceOf(QuietHours.Timing.Now.class);
    }

    @Test
    void inTheWindowItGoesNowAndTheEndIsExclusive() {
        assertThat(timing(NEW_YORK, Category.MARKETING, "2026-01-15T13:00:00Z")).isInstanceOf(QuietHours.Timing.Now.class);
        assertThat(timing(NEW_YORK, Category.MARKETING, "2026-01-16T01:59:59Z")).isInstanceOf(QuietHours.Timing.Now.class);
        assertThat(held(timing(NEW_YORK, Category.MARKETING, "2026-01-16T02:00:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-16T13:00:00Z"));
    }

    @Test
    void floridaEndsAt20() {
        // 20:30 EST: open in New York (federal 21:00), closed in Miami (Florida 501.059(8)(a): 20:00)
        assertThat(timing(NEW_YORK, Category.MARKETING, "2026-01-16T01:30:00Z")).isInstanceOf(QuietHours.Timing.Now.class);
        assertThat(held(timing(MIAMI, Category.MARKETING, "2026-01-16T01:30:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-16T13:00:00Z"));
    }

    @Test
    void anAreaCodeInTwoZonesNeedsTheWindowOpenInBoth() {
        // 7:30 CST = 8:30 EST: open in Eastern, not yet in Central; opens at 8:00 CST = 14:00 UTC
        assertThat(held(timing(PANHANDLE, Category.MARKETING, "2026-01-15T13:30:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-15T14:00:00Z"));
        // 19:30 CST = 20:30 EST: Florida's 20:00 has passed in Eastern
        assertThat(held(timing(PANHANDLE, Category.MARKETING, "2026-01-16T01:30:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-16T14:00:00Z"));
    }

    @Test
    void anUnknownAreaCodeWaitsForEveryUsZoneAndTheStrictestState() {
        // 12:00 EST is 7:00 in Honolulu: closed there; it opens at 8:00 HST = 18:00 UTC
        assertThat(held(timing(UNKNOWN, Category.MARKETING, "2026-01-15T17:00:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-15T18:00:00Z"));
        // 20:30 EST: Florida's 20:00 (the strictest) has passed in Eastern
        assertThat(held(timing(UNKNOWN, Category.MARKETING, "2026-01-16T01:30:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-01-16T18:00:00Z"));
        assertThat(timing(UNKNOWN, Category.MARKETING, "2026-01-15T19:00:00Z")).isInstanceOf(QuietHours.Timing.Now.class);
        final MessageRequest foreign = text("+447700900123", Category.MARKETING);
        assertThat(RULES.timing(foreign, Optional.empty(), Optional.empty(), Instant.parse("2026-01-15T17:00:00Z")))
                .isInstanceOf(QuietHours.Timing.HoldUntil.class);
    }

    @Test
    void theClientsZoneComesFirstThenThePractices() {
        final Instant at = Instant.parse("2026-01-16T03:00:00Z"); // 22:00 New York, 19:00 Los Angeles
        final MessageRequest request = text(NEW_YORK, Category.MARKETING);
        assertThat(RULES.timing(request, Optional.of("America/Los_Angeles"), Optional.empty(), at))
                .isInstanceOf(QuietHours.Timing.Now.class);
        final CommunicationSettings inLosAngeles = practice().setTimeZone("America/Los_Angeles").build();
        assertThat(RULES.timing(request, Optional.empty(), Optional.of(inLosAngeles), at))
                .isInstanceOf(QuietHours.Timing.Now.class);
        assertThat(RULES.timing(request, Optional.of("America/New_York"), Optional.of(inLosAngeles), at))
                .isInstanceOf(QuietHours.Timing.HoldUntil.class);
    }

    @Test
    void aZoneThatIsNoIanaIdIsIgnored() {
        final Instant at = Instant.parse("2026-01-16T03:00:00Z");
        assertThat(RULES.timing(text(NEW_YORK, Category.MARKETING), Optional.of("Mars/Olympus"), Optional.empty(), at))
                .isInstanceOf(QuietHours.Timing.HoldUntil.class);
        assertThat(QuietHours.zone(Optional.of("+05:00"))).isEmpty();
        assertThat(QuietHours.zone(Optional.of("America/Chicago"))).contains(ZoneId.of("America/Chicago"));
    }

    @Test
    void aStateRuleStillAppliesInTheClientsZone() {
        // a Miami number whose client is on record in Chicago: 20:30 CST is open federally but not in Florida
        final Instant at = Instant.parse("2026-01-16T02:30:00Z");
        assertThat(RULES.timing(text(MIAMI, Category.MARKETING), Optional.of("America/Chicago"), Optional.empty(), at))
                .isInstanceOf(QuietHours.Timing.HoldUntil.class);
    }

    @Test
    void thePracticesWindowNarrowsButNeverWidens() {
        final Instant at = Instant.parse("2026-01-15T14:30:00Z"); // 9:30 New York
        final CommunicationSettings late = practice().setSendingWindowStart("10:00").build();
        assertThat(held(RULES.timing(text(NEW_YORK, Category.MARKETING), Optional.empty(), Optional.of(late), at)).releaseAt())
                .isEqualTo(Instant.parse("2026-01-15T15:00:00Z"));
        final CommunicationSettings wide = practice().setSendingWindowStart("06:00").setSendingWindowEnd("23:00").build();
        assertThat(held(RULES.timing(text(NEW_YORK, Category.MARKETING), Optional.empty(), Optional.of(wide),
                Instant.parse("2026-01-16T03:00:00Z"))).releaseAt()).isEqualTo(Instant.parse("2026-01-16T13:00:00Z"));
        final CommunicationSettings disjoint = practice().setSendingWindowStart("21:00").setSendingWindowEnd("23:00").build();
        assertThat(RULES.timing(text(NEW_YORK, Category.MARKETING), Optional.empty(), Optional.of(disjoint), at))
                .isInstanceOf(QuietHours.Timing.Never.class);
    }

    @Test
    void daylightSavingTimeMovesTheOpeningInUtc() {
        // Sunday 2026-03-08 clocks go forward in New York at 2:00: 8:00 EDT is 12:00 UTC, the day before 13:00 UTC
        assertThat(held(timing(NEW_YORK, Category.MARKETING, "2026-03-08T05:00:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
        assertThat(held(timing(NEW_YORK, Category.MARKETING, "2026-03-07T05:00:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-03-07T13:00:00Z"));
        // Arizona keeps standard time: 8:00 MST is 15:00 UTC all year
        assertThat(held(timing("+16025550100", Category.MARKETING, "2026-07-01T12:00:00Z")).releaseAt())
                .isEqualTo(Instant.parse("2026-07-01T15:00:00Z"));
    }

    @Test
    void theTablesAreData() {
        assertThat(DATA.windowOf("FL")).isEqualTo(new SendingWindow(LocalTime.of(8, 0), LocalTime.of(20, 0)));
        assertThat(DATA.windowOf("NY")).isEqualTo(SendingWindow.FEDERAL);
        assertThat(DATA.areaCodeOf(PANHANDLE).orElseThrow().zones())
                .containsExactlyInAnyOrder(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"));
        assertThat(DATA.areaCodeOf(UNKNOWN)).isEmpty();
        assertThat(DATA.areaCodes()).hasSizeGreaterThan(300);
        assertThat(DATA.areaCodes().values()).extracting(QuietHoursData.AreaCode::state).contains("FL", "OK", "MD", "WA", "HI", "AK");
    }

    @Test
    void windowsNeverRunBackwards() {
        assertThatThrownBy(() -> SendingWindow.parse("21:00", "08:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendingWindow.parse("8am", "20:00")).hasMessageContaining("8am");
        // an hour-long window in two zones twelve hours apart is never open in both
        assertThat(QuietHours.nextOpening(SendingWindow.parse("08:00", "09:00"), List.of(ZoneId.of("Etc/GMT"),
                ZoneId.of("Etc/GMT-12")), Instant.parse("2026-01-15T00:00:00Z")))
                .isInstanceOf(QuietHours.Timing.Never.class);
    }
}
