package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.schema.Category;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.FrequencyCapSetting;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.TENANT;
import static io.optgate.dispatcher.DispatcherDriver.consent;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default cap: 3 MARKETING texts per client per 24 hours, the 4th is FREQUENCY_CAPPED. */
class FrequencyCapsTest {

    private static final Duration PAST_GRACE = Duration.ofMillis(1300);

    @TempDir
    Path stateDir;

    private DispatcherDriver dispatcher;

    @BeforeEach
    void start() {
        startWith(DispatchTuning.DEFAULTS, stateDir);
    }

    private void startWith(final DispatchTuning tuning, final Path dir) {
        dispatcher = new DispatcherDriver(tuning, dir);
        dispatcher.consent(consent("c1", SmsLevel.MARKETING, 1).build(), START.minusSeconds(3600));
        dispatcher.consent(consent("c2", SmsLevel.MARKETING, 1).build(), START.minusSeconds(3600));
    }

    private void restartWith(final Optional<FrequencyCap> marketingCap) {
        dispatcher.close();
        startWith(DispatchTuning.DEFAULTS.withMarketingCap(marketingCap), stateDir.resolve("configured"));
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private DispatchDecision decide(final MessageRequest request) {
        dispatcher.send(request);
        dispatcher.tick(PAST_GRACE);
        final List<DispatchDecision> decided = dispatcher.decided();
        assertThat(decided).hasSize(1);
        return decided.get(0);
    }

    private MessageRequest text(final String requestId, final String clientId, final Category category) {
        return request(requestId, clientId, category).setRequestedAt(dispatcher.now()).build();
    }

    private void sendThreeMarketingTexts(final String clientId) {
        for (int i = 1; i <= 3; i++) {
            assertThat(decide(text(clientId + "-m" + i, clientId, Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
            dispatcher.tick(Duration.ofHours(1));
        }
    }

    @Test
    void theFourthMarketingTextWithin24HoursIsFrequencyCapped() {
        sendThreeMarketingTexts("c1");

        final DispatchDecision fourth = decide(text("c1-m4", "c1", Category.MARKETING));

        assertThat(fourth.getVerdict()).isEqualTo(Verdict.DROP);
        assertThat(fourth.getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
        assertThat(fourth.getDetail()).contains("3").contains("MARKETING");
        assertThat(dispatcher.outboundSms.readValuesToList()).extracting(MessageRequest::getRequestId)
                .containsExactly("c1-m1", "c1-m2", "c1-m3");
    }

    @Test
    void aTextAfterTheFirstLeftThe24HourWindowIsSent() {
        sendThreeMarketingTexts("c1");
        assertThat(decide(text("c1-m4", "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);

        // The first was sent about 3 h ago; 21 h later it is out of the window, the other two are not.
        dispatcher.tick(Duration.ofHours(21));
        assertThat(decide(text("c1-m5", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(text("c1-m6", "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
    }

    @Test
    void anotherClientAndAnotherCategoryAreUnaffected() {
        sendThreeMarketingTexts("c1");

        assertThat(decide(text("c2-m1", "c2", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        for (int i = 1; i <= 4; i++) {
            assertThat(decide(text("c1-b" + i, "c1", Category.BASIC_TRANSACTIONAL)).getVerdict()).isEqualTo(Verdict.SEND);
            assertThat(decide(text("c1-f" + i, "c1", Category.FULL_TRANSACTIONAL)).getVerdict()).isEqualTo(Verdict.SEND);
        }
    }

    @Test
    void aDroppedTextDoesNotCountTowardTheCap() {
        dispatcher.consent(consent("c1", SmsLevel.FULL_TRANSACTIONAL, 2).build(), dispatcher.now().minusSeconds(60));
        for (int i = 1; i <= 3; i++) {
            assertThat(decide(text("c1-low" + i, "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.LEVEL_TOO_LOW);
        }
        dispatcher.consent(consent("c1", SmsLevel.MARKETING, 3).build(), dispatcher.now().minusSeconds(1));
        dispatcher.tick(Duration.ofMinutes(1));

        sendThreeMarketingTexts("c1");
        assertThat(decide(text("c1-m4", "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
    }

    @Test
    void aDuplicateRequestIdIsNotCountedTwice() {
        final MessageRequest first = text("c1-m1", "c1", Category.MARKETING);
        assertThat(decide(first).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(first).getReason()).isEqualTo(DecisionReason.DUPLICATE_REQUEST);
        assertThat(decide(first).getReason()).isEqualTo(DecisionReason.DUPLICATE_REQUEST);

        assertThat(decide(text("c1-m2", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(text("c1-m3", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(text("c1-m4", "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
    }

    @Test
    void aConfiguredCapReplacesTheDefault() {
        restartWith(Optional.of(new FrequencyCap(1, Duration.ofHours(2))));

        assertThat(decide(text("c1-m1", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(text("c1-m2", "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
        dispatcher.tick(Duration.ofHours(2));
        assertThat(decide(text("c1-m3", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
    }

    @Test
    void noCapWhenSwitchedOff() {
        restartWith(Optional.empty());

        for (int i = 1; i <= 5; i++) {
            assertThat(decide(text("c1-m" + i, "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        }
    }

    // ---- per practice (issue 16, point 4) ---------------------------------------------------

    @Test
    void aPracticesOwnMarketingCapReplacesTheDefault() {
        dispatcher.practiceCaps(TENANT, new FrequencyCapSetting(Category.MARKETING, 1, "PT2H"));

        assertThat(decide(text("c1-m1", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
        final DispatchDecision second = decide(text("c1-m2", "c1", Category.MARKETING));
        assertThat(second.getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
        assertThat(second.getDetail()).contains("1 MARKETING").contains("PT2H");
        dispatcher.tick(Duration.ofHours(2));
        assertThat(decide(text("c1-m3", "c1", Category.MARKETING)).getVerdict()).isEqualTo(Verdict.SEND);
    }

    @Test
    void aPracticeMayCapFullTransactionalButNeverBasicOrConfirmationTexts() {
        // BASIC and CONFIRMATION caps can only come from a record written around the settings API.
        dispatcher.practiceCaps(TENANT, new FrequencyCapSetting(Category.FULL_TRANSACTIONAL, 2, "P1D"),
                new FrequencyCapSetting(Category.BASIC_TRANSACTIONAL, 1, "P1D"),
                new FrequencyCapSetting(Category.CONSENT_CONFIRMATION, 1, "P1D"));

        assertThat(decide(text("c1-f1", "c1", Category.FULL_TRANSACTIONAL)).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(text("c1-f2", "c1", Category.FULL_TRANSACTIONAL)).getVerdict()).isEqualTo(Verdict.SEND);
        assertThat(decide(text("c1-f3", "c1", Category.FULL_TRANSACTIONAL)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
        assertThat(decide(text("c2-f1", "c2", Category.FULL_TRANSACTIONAL)).getVerdict()).as("per client").isEqualTo(Verdict.SEND);
        for (int i = 1; i <= 3; i++) {
            assertThat(decide(text("c1-b" + i, "c1", Category.BASIC_TRANSACTIONAL)).getVerdict()).isEqualTo(Verdict.SEND);
            assertThat(decide(text("c1-c" + i, "c1", Category.CONSENT_CONFIRMATION)).getVerdict()).isEqualTo(Verdict.SEND);
        }
        sendThreeMarketingTexts("c1");
        assertThat(decide(text("c1-m4", "c1", Category.MARKETING)).getReason())
                .as("no MARKETING cap of its own: the default").isEqualTo(DecisionReason.FREQUENCY_CAPPED);
    }

    @Test
    void anotherPracticeKeepsTheDefault() {
        dispatcher.practiceCaps("vet2", new FrequencyCapSetting(Category.MARKETING, 1, "PT24H"));

        sendThreeMarketingTexts("c1");
        assertThat(decide(text("c1-m4", "c1", Category.MARKETING)).getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
    }

    @Test
    void aCapThatCannotBeReadDropsTheCategoryWithADetail() {
        dispatcher.practiceCaps(TENANT, new FrequencyCapSetting(Category.MARKETING, 0, "PT24H"));

        final DispatchDecision decision = decide(text("c1-m1", "c1", Category.MARKETING));

        assertThat(decision.getReason()).isEqualTo(DecisionReason.FREQUENCY_CAPPED);
        assertThat(decision.getDetail()).contains("invalid").contains("MARKETING");
        assertThat(decide(text("c1-b1", "c1", Category.BASIC_TRANSACTIONAL)).getVerdict()).isEqualTo(Verdict.SEND);
    }

    @Test
    void theCapIsReadAsLimitSlashPeriodOrOff() {
        assertThat(FrequencyCap.parse("3/PT24H")).contains(FrequencyCap.MARKETING_DEFAULT);
        assertThat(FrequencyCap.parse(" OFF ")).isEmpty();
        for (final String bad : List.of("3", "0/PT24H", "3/P8D", "three/PT24H", "3/24h", "3/PT0S")) {
            assertThatThrownBy(() -> FrequencyCap.parse(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
