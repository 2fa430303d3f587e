package io.optgate.local.console;

import io.optgate.local.LocalMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Provet seed's settings in a real browser against local mode: the practice's switches and
 * texts, preference rows created, edited and archived, the description on hover or in full, and the
 * guidelines shown to staff next to the consent controls; and the ops view, live.
 */
@ExtendWith(SharedLocalMode.Resolver.class)
class ConsolePracticeAndOpsTest {

    private static ConsoleBrowser browser;
    private static ConsoleStories stories;

    @BeforeAll
    static void start(final LocalMode local) {
        browser = ConsoleBrowser.start(1280);
        stories = new ConsoleStories(local, browser, "vet-2", "+15550009992");
        stories.practiceSettings("{\"enabled\": false, \"smsFrom\": \"" + stories.practiceNumber + "\"}");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private void openSettings() {
        stories.signIn(stories.practiceKey, "Dr. Okafor");
        browser.visible("find-client"); // signed in: the client view is shown
        browser.open(stories.console() + "#settings");
        browser.visible("settings-form");
    }

    @Test
    void frequencyCapsAreSavedWithTheSettingsAndABadOneIsExplained() {
        openSettings();
        browser.type("settings-caps", "MARKETING 2/PT24H\nfull_transactional 4/P1D");
        browser.click("settings-save");
        browser.untilText("settings-saved", "Settings saved.");

        openSettings();
        assertThat(browser.untilValue("settings-caps", "MARKETING 2/PT24H\nFULL_TRANSACTIONAL 4/P1D")).isNotEmpty();

        browser.type("settings-caps", "BASIC_TRANSACTIONAL 1/P1D");
        browser.click("settings-save");
        assertThat(browser.untilText("problem", "only MARKETING and FULL_TRANSACTIONAL")).doesNotContain("{", "INVALID_FREQUENCY_CAP");

        // Back to the defaults, so that the other stories of this practice are not capped.
        browser.type("settings-caps", " ");
        browser.click("settings-save");
        browser.untilText("settings-saved", "Settings saved.");
        openSettings();
        browser.untilValue("settings-caps", "");
    }

    @Test
    void practiceSettingsAreSavedAndTheGuidelinesStandNextToTheClientsConsent() {
        openSettings();
        browser.click("settings-enabled");
        browser.type("settings-validity", "365");
        browser.type("settings-guidelines", "Ask for consent in person and say what we will send.");
        browser.type("settings-help", "Happy Paws: reply STOP to stop texts.");
        browser.click("settings-save");
        browser.untilText("settings-saved", "Settings saved.");
        browser.screenshot("settings-practice");

        browser.open(stories.console() + "#client");
        stories.openClient("nala");
        assertThat(browser.untilText("contact-card", "Practice guidelines")).contains("Ask for consent in person");

        openSettings();
        browser.type("settings-from", "+15550000000");
        browser.click("settings-save");
        assertThat(browser.untilText("problem", "Only optgate support can change")).doesNotContain("{", "SENDING_NUMBER");
    }

    @Test
    void aPreferenceIsDefinedShownWithItsDescriptionAndArchived() {
        openSettings();
        browser.click("preference-add");
        browser.type("preference-name", "Newsletter");
        assertThat(browser.byId("preference-id").getAttribute("value")).isEqualTo("newsletter");
        browser.css("#preference-form input[name=channel][value=EMAIL]").click();
        browser.type("preference-description", "A monthly letter about pet health, events and the practice's news.");
        browser.click("preference-save");

        final String active = browser.untilText("active-preferences", "Newsletter");
        assertThat(active).contains("SMS, Email", "Editable").doesNotContain("monthly letter");
        assertThat(browser.css("#active-preferences tr[data-preference=newsletter] .preference-name").getAttribute("title"))
                .isEqualTo("A monthly letter about pet health, events and the practice's news.");

        browser.click("preference-add");
        browser.type("preference-name", "Vaccination offers");
        browser.click("preference-editable");
        browser.type("preference-description", "Seasonal offers.");
        browser.css("#preference-form input[name=display][value=SHOW_FULL_TEXT]").click();
        browser.click("preference-save");
        assertThat(browser.untilText("active-preferences", "Vaccination offers")).contains("Seasonal offers.", "Fixed");
        browser.screenshot("settings-preferences-active");

        browser.css("#active-preferences tr[data-preference=newsletter] button").click();
        assertThat(browser.untilText("preference-title", "Edit")).contains("Edit communication preference");
        browser.click("preference-active");
        browser.click("preference-save");
        assertThat(browser.untilText("archived-preferences", "Newsletter")).contains("SMS, Email");
        assertThat(browser.textOf("active-preferences")).doesNotContain("Newsletter").contains("Vaccination offers");
        browser.screenshot("settings-preferences-archived");
    }

    @Test
    void theOpsViewChartsTheLastHourAndUpdatesWithoutReloading() throws Exception {
        // Twilio outcomes and dead letters come from /metrics, which takes a support (or metrics) key.
        stories.signIn(SharedLocalMode.SUPPORT_KEY, "Ops on call");
        stories.openClient("pip");
        stories.chooseLevel("Basic Transactional", "+15550200001");
        browser.untilText("notes", "added a mobile number");
        stories.message("ops-1", "pip", "+15550200001", "BASIC_TRANSACTIONAL");
        stories.message("ops-2", "pip", "+15550200001", "MARKETING");

        browser.open(stories.console() + "#ops");
        browser.visible("ops-chart");
        browser.untilText("ops-drops", "does not cover this kind of message");
        assertThat(browser.untilText("ops-twilio", "Not really sent (dry run)")).contains("1");
        assertThat(browser.textOf("dlq-empty")).contains("No unreadable records");

        // Nothing is reloaded from here on: the view polls.
        stories.message("ops-3", "pip", "+15550200002", "BASIC_TRANSACTIONAL");
        stories.unreadableRequest();
        browser.untilText("ops-drops", "not the client's number on record");
        assertThat(browser.untilText("ops-dlq", "message.requests")).contains("not in the expected format");
        assertThat(browser.untilText("ops-totals", "3 decisions")).contains("1 sent", "2 not sent");
        browser.screenshot("ops-live");
    }
}
