package io.optgate.local.console;

import io.optgate.local.LocalMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Covetrus seed's stories in a real browser against local mode (embedded broker, both apps):
 * the Contact card, the four levels, the Marketing confirmation, the way back from Opted Out, the
 * Notes card, and "why was this not sent?".
 */
@ExtendWith(SharedLocalMode.Resolver.class)
class ConsoleClientProfileTest {

    private static ConsoleBrowser browser;
    private static ConsoleStories stories;
    private static String practiceKey;

    @BeforeAll
    static void start(final LocalMode local) throws Exception {
        browser = ConsoleBrowser.start(1280);
        stories = new ConsoleStories(local, browser, "vet-1", "+15550009991");
        practiceKey = stories.practiceKey;
        stories.practiceSettings("{\"enabled\": true, \"smsFrom\": \"" + stories.practiceNumber + "\", "
                + "\"guidelines\": \"Ask the client before changing how they hear from us.\"}");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void staffOpenAClientAndSetFullTransactionalWithAMaskedNumberAndANote() {
        stories.signIn(practiceKey, "Dr. Patel");
        stories.openClient("bella");
        assertThat(browser.untilText("sms-level", "Basic Transactional")).contains("(default)");
        assertThat(browser.textOf("contact-phone")).isEqualTo("No mobile number on file");

        stories.chooseLevel("Full Transactional", "+15550100001");

        browser.untilText("sms-level", "Full Transactional");
        assertThat(browser.textOf("contact-phone")).isEqualTo("\u2022\u2022\u2022 \u2022\u2022\u2022 0001").doesNotContain("555");
        browser.click("reveal-phone");
        assertThat(browser.untilText("contact-phone", "+15550100001")).isEqualTo("+15550100001");
        final String notes = browser.untilText("notes", "Basic Transactional \u2192 Full Transactional");
        assertThat(notes).contains("Dr. Patel");
        assertThat(browser.textOf("contact-card")).contains("Practice guidelines", "Ask the client before");
        browser.screenshot("client-full-transactional");

        // Tablet width: the cards stack, nothing needs sideways scrolling.
        browser.driver.manage().window().setSize(new Dimension(820, 1100));
        try {
            assertThat(browser.visible("edit-level").isDisplayed()).isTrue();
            assertThat((Long) browser.driver.executeScript("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) browser.driver.executeScript("return window.innerWidth"));
            browser.screenshot("client-tablet");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void marketingWaitsForTheClientsYesAndThenShowsInTheNotes() throws Exception {
        stories.signIn(practiceKey, "Dr. Patel");
        stories.openClient("milo");
        stories.chooseLevel("Full Transactional", "+15550100002");
        browser.untilText("sms-level", "Full Transactional");

        browser.click("edit-level");
        new Select(browser.visible("level-select")).selectByVisibleText("Marketing");
        browser.click("save-level");
        final String prompt = browser.untilText("confirm", "opt-in text will be sent");
        assertThat(prompt).contains("will not change to Marketing until the client replies YES");
        browser.screenshot("client-marketing-confirmation");
        browser.click("confirm-ok");

        final String pending = browser.untilText("sms-pending", "waiting for the client to reply YES");
        assertThat(pending).contains("Marketing requested", "lapses in 7 days");
        assertThat(browser.textOf("sms-level")).isEqualTo("Full Transactional");
        browser.screenshot("client-marketing-pending");

        browser.untilTextAfter(() -> {
            stories.replyFromPhone("+15550100002", "YES", "SM-milo-yes");
            browser.click("open-client");
        }, "sms-level", "Marketing");
        assertThat(browser.shown("sms-pending")).isFalse();
        assertThat(browser.untilText("notes", "replied YES")).contains("Full Transactional \u2192 Marketing", "The client");
        browser.screenshot("client-marketing-confirmed");
    }

    @Test
    void leavingOptedOutIsRefusedUntilStaffConfirmTheClientAsked() {
        stories.signIn(practiceKey, "Dr. Patel");
        stories.openClient("luna");
        stories.chooseLevel("Opted Out", "+15550100003");
        browser.untilText("sms-level", "Opted Out");

        stories.chooseLevel("Basic Transactional", null);
        assertThat(browser.untilText("confirm", "asked to receive texts again")).contains("Opt this client back in?");
        browser.click("confirm-ok"); // without ticking "the client has asked"
        final String refusal = browser.untilText("problem", "Not changed");
        assertThat(refusal).contains("asked to receive texts again").doesNotContain("{", "OPT_IN_CONFIRMATION_REQUIRED");
        assertThat(browser.textOf("sms-level")).isEqualTo("Opted Out");
        browser.screenshot("client-opt-in-refused");

        stories.chooseLevel("Basic Transactional", null);
        browser.click("confirm-check");
        browser.click("confirm-ok");
        browser.untilText("sms-level", "Basic Transactional");
        assertThat(browser.untilText("notes", "Opted Out \u2192 Basic Transactional")).contains("Dr. Patel");
    }

    @Test
    void aSupportKeysChangesAreLabelledSupportAndABadKeyIsSaidInWords() {
        stories.signIn("not-a-key", "Someone");
        assertThat(browser.untilText("problem", "API key was not accepted")).doesNotContain("{");
        assertThat(browser.shown("view-signin")).isTrue();

        stories.signIn(SharedLocalMode.SUPPORT_KEY, "Sam from support");
        stories.openClient("oscar");
        stories.chooseLevel("Full Transactional", "+15550100004");
        final String notes = browser.untilText("notes", "Support");
        assertThat(notes).contains("Basic Transactional \u2192 Full Transactional");
        browser.screenshot("client-support-note");
    }

    @Test
    void whyWasThisNotSentShowsTheDecisionInWords() throws Exception {
        stories.signIn(practiceKey, "Dr. Patel");
        stories.openClient("rex");
        stories.chooseLevel("Full Transactional", "+15550100005");
        browser.untilText("sms-level", "Full Transactional");
        stories.message("offer-rex-1", "rex", "+15550100005", "MARKETING");

        browser.open(stories.console() + "#messages");
        browser.type("request-id", "offer-rex-1");
        browser.untilTextAfter(() -> browser.click("look-up"), "message-verdict", "Not sent");
        assertThat(browser.textOf("message-reason")).contains("does not cover this kind of message");
        assertThat(browser.textOf("message-facts")).contains("Marketing", "Full Transactional", "Nothing was sent.");
        browser.screenshot("message-not-sent");

        browser.type("request-id", "no-such-message");
        browser.click("look-up");
        assertThat(browser.untilText("problem", "No decision for that message yet")).doesNotContain("{");
    }

    @Test
    void aClientsRecentMessagesAreListedNewestFirstWithoutTheirText() throws Exception {
        stories.signIn(practiceKey, "Dr. Patel");
        stories.openClient("milo");
        stories.chooseLevel("Full Transactional", "+15550100006");
        browser.untilText("sms-level", "Full Transactional");
        stories.message("offer-milo-1", "milo", "+15550100006", "MARKETING");

        browser.open(stories.console() + "#messages");
        browser.type("messages-client-id", "milo");
        browser.untilTextAfter(() -> browser.click("show-client-messages"), "client-messages", "Marketing");
        stories.message("refill-milo-1", "milo", "+15550100006", "BASIC_TRANSACTIONAL");
        final String listed = browser.untilTextAfter(() -> browser.click("show-client-messages"), "client-messages", "Basic Transactional");
        assertThat(listed).contains("Not sent", "does not cover this kind of message", "Sent")
                .doesNotContain("Spring offer", "0100006", "LEVEL_TOO_LOW");
        assertThat(listed.indexOf("Basic Transactional")).as("newest first").isLessThan(listed.indexOf("Marketing"));
        browser.screenshot("client-recent-messages");

        browser.css("#client-messages tr[data-request=offer-milo-1] button").click();
        assertThat(browser.untilText("message-verdict", "Not sent")).isEqualTo("Not sent");
        assertThat(browser.byId("request-id").getAttribute("value")).isEqualTo("offer-milo-1");

        browser.type("messages-client-id", "no such client");
        browser.click("show-client-messages");
        assertThat(browser.untilText("problem", "client id is not valid")).doesNotContain("{", "INVALID_CLIENT_ID");
    }

    @Test
    void aClientsCommunicationPreferencesAreGrantedPerChannelWhereTheyAreEditable() throws Exception {
        stories.definePreference("reminders", "{\"name\": \"Reminders\", \"channels\": [\"SMS\", \"EMAIL\"], \"active\": true, "
                + "\"editable\": true, \"description\": \"Vaccination and check-up reminders.\", \"descriptionDisplay\": \"SHOW_FULL_TEXT\"}");
        stories.definePreference("clinic-news", "{\"name\": \"Clinic news\", \"channels\": [\"SMS\"], \"active\": true, \"editable\": false}");
        stories.signIn(practiceKey, "Dr. Patel");
        stories.openClient("coco");

        final String card = browser.untilText("client-preferences", "Reminders");
        assertThat(card).contains("Vaccination and check-up reminders.", "SMS: not granted", "Email: not granted",
                "Clinic news", "fixed");
        assertThat(browser.css("form[data-preference=clinic-news] input[name=SMS]").isEnabled()).isFalse();
        assertThat(browser.textOf("preferences-card")).contains("Practice guidelines");

        browser.css("form[data-preference=reminders] input[name=SMS]").click();
        // A date input's typing order follows the browser's locale; set the value as a picker would.
        browser.driver.executeScript("arguments[0].value = '2030-12-31'", browser.css("form[data-preference=reminders] input[name=validUntil]"));
        browser.css("form[data-preference=reminders] button[type=submit]").click();

        assertThat(browser.untilText("client-preferences", "SMS: granted until")).contains("31 Dec 2030", "Email: not granted");
        browser.untilText("notes", "Reminders");
        browser.screenshot("client-communication-preferences");
    }

    @Test
    void staffFindAClientByMobileNumberAmongItsClientsMaskedAndOpenOne() {
        stories.clientOnRecord("nala", "FULL_TRANSACTIONAL", "+15550100077");
        stories.clientOnRecord("kiwi", "BASIC_TRANSACTIONAL", "+15550100077");
        stories.clientOnRecord("pip", "FULL_TRANSACTIONAL", "+15550100078");
        stories.signIn(practiceKey, "Dr. Patel");

        // Typed as people write numbers; the console asks the API for +15550100077.
        browser.type("client-id", "+1 555 010 0077");
        browser.click("open-client");

        final String matches = browser.untilText("client-matches", "2 clients have the mobile number");
        assertThat(matches).contains("nala", "kiwi", "\u2022\u2022\u2022 \u2022\u2022\u2022 0077", "Full Transactional",
                "Basic Transactional").doesNotContain("pip", "555");
        browser.screenshot("client-find-by-phone");

        browser.css("#client-match-list button[data-client=kiwi]").click();
        browser.untilText("contact-client", "kiwi");
        assertThat(browser.untilText("sms-level", "Basic Transactional")).doesNotContain("(default)");
        assertThat(browser.textOf("contact-phone")).isEqualTo("\u2022\u2022\u2022 \u2022\u2022\u2022 0077");
        assertThat(browser.shown("client-matches")).isFalse();

        browser.type("client-id", "+15550100099");
        browser.click("open-client");
        assertThat(browser.untilText("client-matches", "No client of this practice")).doesNotContain("555");
        assertThat(browser.shown("profile")).isFalse();

        browser.type("client-id", "+12");
        browser.click("open-client");
        assertThat(browser.untilText("problem", "mobile number is not valid")).doesNotContain("{", "INVALID_PHONE");
    }
}
