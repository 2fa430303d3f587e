package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.consent.topology.ConsentDriver;
import io.optgate.schema.Category;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.optgate.consent.http.ApiHarness.OTHER_TENANT_KEY;
import static io.optgate.consent.http.ApiHarness.SUPPORT_KEY;
import static io.optgate.consent.http.ApiHarness.TENANT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

class ConsentApiTest {

    private static final String ANNA = "/v1/tenants/happy-paws/clients/anna";
    private static final String STAFF = "\"actor\": {\"type\": \"STAFF\", \"id\": \"u-17\", \"name\": \"Dr. Jane Smith\"}";

    @TempDir
    Path stateDir;
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(stateDir, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonHttp.Answer putLevel(final String key, final String body) {
        return api.put(ANNA + "/sms-consent", key, body);
    }

    private static List<String> texts(final JsonNode notes) {
        final List<String> texts = new ArrayList<>();
        notes.path("notes").forEach(note -> texts.add(note.path("text").asText()));
        return texts;
    }

    private static JsonNode preference(final JsonNode clientPreferences, final String preferenceId) {
        for (final JsonNode preference : clientPreferences.path("preferences")) {
            if (preference.path("preferenceId").asText().equals(preferenceId)) {
                return preference;
            }
        }
        throw new AssertionError("no preference " + preferenceId + " in " + clientPreferences);
    }

    @Test
    void aClientNeverSeenIsBasicTransactionalByDefault() {
        final JsonHttp.Answer answer = api.get(ANNA + "/sms-consent", TENANT_KEY);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("tenantId").asText()).isEqualTo("happy-paws");
        assertThat(answer.body().path("clientId").asText()).isEqualTo("anna");
        assertThat(answer.body().path("level").asText()).isEqualTo("BASIC_TRANSACTIONAL");
        assertThat(answer.body().path("isDefault").asBoolean()).isTrue();
        assertThat(answer.body().path("version").asLong()).isZero();
        assertThat(answer.body().path("pendingLevel").isNull()).isTrue();
        assertThat(answer.body().path("phone").isNull()).isTrue();
    }

    @Test
    void putReturnsTheAppliedStateAndTheNotesListTheChangeNewestFirst() {
        final JsonHttp.Answer answer = putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", " + STAFF + "}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("level").asText()).isEqualTo("FULL_TRANSACTIONAL");
        assertThat(answer.body().path("phone").asText()).isEqualTo("+15550100001");
        assertThat(answer.body().path("isDefault").asBoolean()).isFalse();
        assertThat(answer.body().path("version").asLong()).isEqualTo(1);
        assertThat(answer.body().path("updatedAt").asText()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(answer.body().path("updatedBy").path("type").asText()).isEqualTo("STAFF");
        assertThat(answer.body().path("updatedBy").path("name").asText()).isEqualTo("Dr. Jane Smith");

        final JsonHttp.Answer notes = api.get(ANNA + "/notes", TENANT_KEY);
        assertThat(notes.status()).isEqualTo(200);
        assertThat(texts(notes.body())).containsExactly(
                "Dr. Jane Smith changed SMS opt-in from Basic Transactional to Full Transactional.",
                "Dr. Jane Smith added a mobile number.");
        final JsonNode newest = notes.body().path("notes").get(0);
        assertThat(newest.path("kind").asText()).isEqualTo("LEVEL_CHANGED");
        assertThat(newest.path("previousLevel").asText()).isEqualTo("BASIC_TRANSACTIONAL");
        assertThat(newest.path("newLevel").asText()).isEqualTo("FULL_TRANSACTIONAL");
        assertThat(newest.path("at").asText()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(newest.path("actor").path("type").asText()).isEqualTo("STAFF");
    }

    @Test
    void marketingIsPendingUntilTheClientRepliesYes() {
        putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", " + STAFF + "}");

        final JsonHttp.Answer pending = putLevel(TENANT_KEY, "{\"level\": \"MARKETING\", " + STAFF + "}");

        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.body().path("level").asText()).isEqualTo("FULL_TRANSACTIONAL");
        assertThat(pending.body().path("pendingLevel").asText()).isEqualTo("MARKETING");
        // How long it waits, so staff can tell the client: the confirmation TTL (default P7D) after the request.
        assertThat(pending.body().path("pendingSince").asText()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(pending.body().path("pendingUntil").asText()).isEqualTo("2026-03-09T09:00:00Z");
        final List<MessageRequest> texts = api.kit.drainMessages();
        assertThat(texts).singleElement().satisfies(text -> {
            assertThat(text.getCategory()).isEqualTo(Category.CONSENT_CONFIRMATION);
            assertThat(text.getTo()).isEqualTo("+15550100001");
        });

        api.kit.pipe(new PhoneConsentEvent("p-1", "happy-paws", "+15550100001", ConsentDriver.START.plusSeconds(60),
                PhoneConsentKind.CONFIRM, "YES", "SM1", null));

        final JsonHttp.Answer confirmed = api.get(ANNA + "/sms-consent", TENANT_KEY);
        assertThat(confirmed.body().path("level").asText()).isEqualTo("MARKETING");
        assertThat(confirmed.body().path("pendingLevel").isNull()).isTrue();
        assertThat(confirmed.body().path("pendingUntil").isNull()).isTrue();
        assertThat(texts(api.get(ANNA + "/notes", TENANT_KEY).body())).startsWith(
                "The client replied YES to the confirmation text; SMS opt-in changed from Full Transactional to Marketing.",
                "Dr. Jane Smith requested Marketing texts; a confirmation text was sent and SMS opt-in stays Full Transactional "
                        + "until the client replies YES.");
    }

    @Test
    void aLevelWithAStoppedNumberIsRefusedBeforeAnythingIsWritten() {
        api.kit.pipe(stop("p-1"));

        final JsonHttp.Answer refused = putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", "
                + "\"timeZone\": \"America/Chicago\", " + STAFF + "}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("OPT_IN_CONFIRMATION_REQUIRED");
        assertThat(refused.body().path("message").asText()).isEqualTo("The new mobile number has replied STOP to this practice; "
                + "changing SMS opt-in to Full Transactional needs the statement that the client asked for it.");
        assertThat(texts(api.get(ANNA + "/notes", TENANT_KEY).body())).as("a refused PUT writes nothing").isEmpty();
        assertThat(api.get(ANNA + "/sms-consent", TENANT_KEY).body().path("isDefault").asBoolean()).isTrue();
    }

    @Test
    void aLevelWhoseNumberRepliesStopBeforeItIsAppliedSaysTheNumberWasSaved() {
        // The check passes; the STOP is decided between the check and the change (finding 5's order).
        api.beforeNextEvent.set(() -> api.kit.pipe(stop("p-1")));

        final JsonHttp.Answer refused = putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", "
                + "\"timeZone\": \"America/Chicago\", " + STAFF + "}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("OPT_IN_CONFIRMATION_REQUIRED");
        assertThat(refused.body().path("message").asText()).endsWith("asked for it. The new mobile number (and the time zone, "
                + "if given) was saved: the client is Opted Out until the number replies START.");
        final JsonNode state = api.get(ANNA + "/sms-consent", TENANT_KEY).body();
        assertThat(state.path("phone").asText()).isEqualTo("+15550100001");
        assertThat(state.path("level").asText()).isEqualTo("OPTED_OUT");
        assertThat(state.path("phoneSuppressed").asBoolean()).isTrue();
        assertThat(texts(api.get(ANNA + "/notes", TENANT_KEY).body())).first().asString()
                .startsWith("A change by Dr. Jane Smith was refused: the new mobile number has replied STOP");
    }

    private static PhoneConsentEvent stop(final String eventId) {
        return new PhoneConsentEvent(eventId, "happy-paws", "+15550100001", ConsentDriver.START.minusSeconds(60),
                PhoneConsentKind.OPT_OUT, "STOP", "SM" + eventId, null);
    }

    @Test
    void leavingOptedOutNeedsTheClientsRequest() {
        putLevel(TENANT_KEY, "{\"level\": \"OPTED_OUT\", " + STAFF + "}");

        final JsonHttp.Answer refused = putLevel(TENANT_KEY, "{\"level\": \"BASIC_TRANSACTIONAL\", " + STAFF + "}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("OPT_IN_CONFIRMATION_REQUIRED");
        assertThat(refused.body().path("message").asText()).startsWith("The client is Opted Out");
        assertThat(texts(api.get(ANNA + "/notes", TENANT_KEY).body())).as("a refused PUT writes nothing").hasSize(1);

        final JsonHttp.Answer accepted = putLevel(TENANT_KEY,
                "{\"level\": \"BASIC_TRANSACTIONAL\", \"clientRequestedOptIn\": true, " + STAFF + "}");

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().path("level").asText()).isEqualTo("BASIC_TRANSACTIONAL");
    }

    @Test
    void aSupportKeysChangeIsRecordedAsSupport() {
        final JsonHttp.Answer answer = putLevel(SUPPORT_KEY,
                "{\"level\": \"FULL_TRANSACTIONAL\", \"actor\": {\"type\": \"STAFF\", \"id\": \"pretend\", \"name\": \"Alex\"}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("updatedBy").path("type").asText()).isEqualTo("SUPPORT");
        assertThat(texts(api.get(ANNA + "/notes", SUPPORT_KEY).body()))
                .containsExactly("Support changed SMS opt-in from Basic Transactional to Full Transactional.");
    }

    @Test
    void actorsThatTheKeyMayNotClaimAreRefused() {
        assertThat(putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"actor\": {\"type\": \"SUPPORT\", \"id\": \"x\"}}").error())
                .isEqualTo("INVALID_ACTOR");
        assertThat(putLevel(SUPPORT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"actor\": {\"type\": \"SYSTEM\", \"id\": \"x\"}}").status())
                .isEqualTo(422);
        assertThat(putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"actor\": {\"type\": \"ROBOT\"}}").error())
                .isEqualTo("INVALID_ACTOR");
        assertThat(putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\"}").error()).isEqualTo("INVALID_ACTOR");
        assertThat(api.get(ANNA + "/sms-consent", TENANT_KEY).body().path("isDefault").asBoolean()).isTrue();
    }

    @Test
    void invalidInputIsRefusedWithTheContractsStatus() {
        final JsonHttp.Answer unknownLevel = putLevel(TENANT_KEY, "{\"level\": \"EVERYTHING\", " + STAFF + "}");
        final JsonHttp.Answer badPhone = putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"555-0100\", " + STAFF + "}");
        final JsonHttp.Answer malformed = putLevel(TENANT_KEY, "{\"level\": ");
        final JsonHttp.Answer badClient = api.get("/v1/tenants/happy-paws/clients/a%20b/sms-consent", TENANT_KEY);

        assertThat(unknownLevel.status()).isEqualTo(422);
        assertThat(unknownLevel.error()).isEqualTo("INVALID_LEVEL");
        assertThat(badPhone.status()).isEqualTo(422);
        assertThat(badPhone.error()).isEqualTo("INVALID_PHONE");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(badClient.status()).isEqualTo(422);
        assertThat(badClient.error()).isEqualTo("INVALID_CLIENT_ID");
    }

    @Test
    void keysAreCheckedPerPractice() {
        assertThat(api.get(ANNA + "/sms-consent", null).status()).isEqualTo(401);
        assertThat(api.get(ANNA + "/sms-consent", "no-such-key").status()).isEqualTo(401);
        assertThat(api.get(ANNA + "/sms-consent", OTHER_TENANT_KEY).status()).isEqualTo(403);
        assertThat(api.get(ANNA + "/sms-consent", SUPPORT_KEY).status()).isEqualTo(200);
    }

    @Test
    void theSameEventIdTwiceIsOneChange() {
        final String body = "{\"level\": \"FULL_TRANSACTIONAL\", \"eventId\": \"ui-42\", " + STAFF + "}";

        final JsonHttp.Answer first = putLevel(TENANT_KEY, body);
        final JsonHttp.Answer again = putLevel(TENANT_KEY, body);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(texts(api.get(ANNA + "/notes", TENANT_KEY).body())).hasSize(1);
    }

    @Test
    void aChangeNotAppliedInTimeIs504() {
        api.applying.set(false);

        final JsonHttp.Answer answer = putLevel(TENANT_KEY, "{\"level\": \"FULL_TRANSACTIONAL\", " + STAFF + "}");

        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.error()).isEqualTo("NOT_APPLIED_IN_TIME");
    }

    @Test
    void aPracticeSetsItsFrequencyCapsPerCategoryAndPeriod() {
        assertThat(api.get("/v1/tenants/happy-paws/communication-settings", TENANT_KEY).body().path("frequencyCaps").isNull())
                .as("never set: the dispatcher's defaults").isTrue();

        final JsonHttp.Answer saved = api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY,
                "{\"enabled\": true, \"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 2, \"period\": \"PT24H\"}, "
                        + "{\"category\": \"MARKETING\", \"limit\": 5, \"period\": \"P7D\"}, "
                        + "{\"category\": \"FULL_TRANSACTIONAL\", \"limit\": 4, \"period\": \"P1D\"}]}");

        assertThat(saved.status()).isEqualTo(200);
        final JsonNode caps = api.get("/v1/tenants/happy-paws/communication-settings", TENANT_KEY).body().path("frequencyCaps");
        assertThat(caps).hasSize(3);
        assertThat(caps.get(0).path("category").asText()).isEqualTo("MARKETING");
        assertThat(caps.get(0).path("limit").asInt()).isEqualTo(2);
        assertThat(caps.get(0).path("period").asText()).isEqualTo("PT24H");
        assertThat(caps.get(2).path("category").asText()).isEqualTo("FULL_TRANSACTIONAL");
        assertThat(api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY, "{\"enabled\": true}")
                .body().path("frequencyCaps").isNull()).as("left out: back to the defaults").isTrue();
    }

    @Test
    void aFrequencyCapThatIsNoCapOrCapsANeededTextIsRefused() {
        for (final String bad : List.of(
                "\"frequencyCaps\": {\"category\": \"MARKETING\"}",
                "\"frequencyCaps\": [{\"category\": \"BASIC_TRANSACTIONAL\", \"limit\": 3, \"period\": \"PT24H\"}]",
                "\"frequencyCaps\": [{\"category\": \"CONSENT_CONFIRMATION\", \"limit\": 3, \"period\": \"PT24H\"}]",
                "\"frequencyCaps\": [{\"category\": \"UNKNOWN\", \"limit\": 3, \"period\": \"PT24H\"}]",
                "\"frequencyCaps\": [{\"category\": \"OFFERS\", \"limit\": 3, \"period\": \"PT24H\"}]",
                "\"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 0, \"period\": \"PT24H\"}]",
                "\"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 2.5, \"period\": \"PT24H\"}]",
                "\"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 3, \"period\": \"24h\"}]",
                "\"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 3, \"period\": \"P8D\"}]",
                "\"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 3, \"period\": \"PT0S\"}]",
                "\"frequencyCaps\": [{\"category\": \"MARKETING\", \"limit\": 3}]",
                "\"frequencyCaps\": [\"MARKETING\"]")) {
            final JsonHttp.Answer refused = api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY,
                    "{\"enabled\": true, " + bad + "}");

            assertThat(refused.status()).as(bad).isEqualTo(422);
            assertThat(refused.error()).as(bad).isEqualTo("INVALID_FREQUENCY_CAP");
        }
        assertThat(api.get("/v1/tenants/happy-paws/communication-settings", TENANT_KEY).body().path("enabled").asBoolean())
                .as("nothing was saved").isFalse();
    }

    @Test
    void practiceSettingsAndPreferencesAreReadAndWritten() {
        final JsonHttp.Answer none = api.get("/v1/tenants/happy-paws/communication-settings", TENANT_KEY);
        assertThat(none.body().path("enabled").asBoolean()).isFalse();

        final JsonHttp.Answer saved = api.put("/v1/tenants/happy-paws/communication-settings", SUPPORT_KEY,
                "{\"enabled\": true, \"defaultValidityDays\": 365, \"guidelines\": \"Ask first.\", \"smsFrom\": \"+15550199999\", "
                        + "\"marketingConfirmationText\": \"Reply YES for offers.\", \"helpText\": \"Call us.\"}");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().path("defaultValidityDays").asInt()).isEqualTo(365);
        assertThat(api.get("/v1/tenants/happy-paws/communication-settings", TENANT_KEY).body().path("smsFrom").asText())
                .isEqualTo("+15550199999");
        assertThat(api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY, "{\"enabled\": true, \"smsFrom\": \"0555\"}").error())
                .isEqualTo("INVALID_PHONE");
        assertThat(api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY, "{\"enabled\": true, \"helpText\": \"Call.\"}")
                .body().path("smsFrom").asText()).as("left out, the sending number stays").isEqualTo("+15550199999");

        assertThat(api.put("/v1/tenants/happy-paws/communication-preferences/newsletter", TENANT_KEY,
                "{\"name\": \"Newsletter\", \"channels\": [\"SMS\", \"EMAIL\"], \"active\": true, \"editable\": true, "
                        + "\"description\": \"Monthly news\", \"descriptionDisplay\": \"SHOW_FULL_TEXT\"}").status()).isEqualTo(200);
        api.put("/v1/tenants/happy-paws/communication-preferences/offers-2025", TENANT_KEY,
                "{\"name\": \"Offers 2025\", \"channels\": [\"SMS\"], \"active\": false, \"editable\": true}");
        assertThat(api.put("/v1/tenants/happy-paws/communication-preferences/x", TENANT_KEY,
                "{\"name\": \"X\", \"channels\": [\"FAX\"], \"active\": true, \"editable\": true}").error()).isEqualTo("INVALID_CHANNEL");

        final JsonNode preferences = api.get("/v1/tenants/happy-paws/communication-preferences", TENANT_KEY).body();
        assertThat(preferences.path("active")).hasSize(1);
        assertThat(preferences.path("active").get(0).path("preferenceId").asText()).isEqualTo("newsletter");
        assertThat(preferences.path("active").get(0).path("descriptionDisplay").asText()).isEqualTo("SHOW_FULL_TEXT");
        assertThat(preferences.path("archived").get(0).path("name").asText()).isEqualTo("Offers 2025");
    }

    @Test
    void aClientsPreferenceGrantGetsTheDefaultValidityAndRefusalsAreConflicts() {
        final String preferences = ANNA + "/communication-preferences/";
        assertThat(api.put(preferences + "newsletter", TENANT_KEY, "{\"channels\": {\"SMS\": {\"granted\": true}}, " + STAFF + "}").error())
                .isEqualTo("COMMUNICATION_PREFERENCES_DISABLED");

        api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY, "{\"enabled\": true, \"defaultValidityDays\": 30}");
        api.put("/v1/tenants/happy-paws/communication-preferences/newsletter", TENANT_KEY,
                "{\"name\": \"Newsletter\", \"channels\": [\"SMS\", \"EMAIL\"], \"active\": true, \"editable\": true}");
        api.put("/v1/tenants/happy-paws/communication-preferences/legal", TENANT_KEY,
                "{\"name\": \"Legal\", \"channels\": [\"LETTER\"], \"active\": true, \"editable\": false}");
        api.put("/v1/tenants/happy-paws/communication-preferences/old", TENANT_KEY,
                "{\"name\": \"Old\", \"channels\": [\"SMS\"], \"active\": false, \"editable\": true}");

        final JsonHttp.Answer granted = api.put(preferences + "newsletter", TENANT_KEY,
                "{\"channels\": {\"SMS\": {\"granted\": true}, \"EMAIL\": {\"granted\": true, \"validUntil\": \"2026-12-31T00:00:00Z\"}}, " + STAFF + "}");

        assertThat(granted.status()).isEqualTo(200);
        final JsonNode newsletter = preference(granted.body(), "newsletter");
        assertThat(newsletter.path("channels").path("SMS").path("granted").asBoolean()).isTrue();
        assertThat(newsletter.path("channels").path("SMS").path("validUntil").asText()).isEqualTo("2026-04-01T09:00:00Z");
        assertThat(newsletter.path("channels").path("SMS").path("inEffect").asBoolean()).isTrue();
        assertThat(newsletter.path("channels").path("EMAIL").path("validUntil").asText()).isEqualTo("2026-12-31T00:00:00Z");
        assertThat(api.get(ANNA + "/communication-preferences", TENANT_KEY).body().path("enabled").asBoolean()).isTrue();

        assertThat(api.put(preferences + "legal", TENANT_KEY, "{\"channels\": {\"LETTER\": {\"granted\": false}}, " + STAFF + "}").error())
                .isEqualTo("NOT_EDITABLE");
        assertThat(api.put(preferences + "old", TENANT_KEY, "{\"channels\": {\"SMS\": {\"granted\": true}}, " + STAFF + "}").error())
                .isEqualTo("PREFERENCE_ARCHIVED");
        assertThat(api.put(preferences + "nope", TENANT_KEY, "{\"channels\": {\"SMS\": {\"granted\": true}}, " + STAFF + "}").status())
                .isEqualTo(404);
        assertThat(api.put(preferences + "newsletter", TENANT_KEY, "{\"channels\": {\"LETTER\": {\"granted\": true}}, " + STAFF + "}").error())
                .isEqualTo("CHANNEL_NOT_OFFERED");
        assertThat(api.put(preferences + "newsletter", TENANT_KEY, "{\"channels\": {\"PIGEON\": {\"granted\": true}}, " + STAFF + "}").error())
                .isEqualTo("INVALID_CHANNEL");
    }

    @Test
    void aPracticesOwnKeyMayNotChangeItsSendingNumber() {
        final JsonHttp.Answer refused = api.put("/v1/tenants/happy-paws/communication-settings", TENANT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550199999\"}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("SENDING_NUMBER_SUPPORT_ONLY");
        assertThat(api.get("/v1/tenants/happy-paws/communication-settings", TENANT_KEY).body().path("smsFrom").isNull()).isTrue();
    }

    @Test
    void aNumberAnotherPracticeHoldsIsRefusedAndNamedOnlyToSupport() {
        assertThat(api.put("/v1/tenants/happy-paws/communication-settings", SUPPORT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550199999\"}").status()).isEqualTo(200);

        final JsonHttp.Answer bySupport = api.put("/v1/tenants/city-vets/communication-settings", SUPPORT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550199999\"}");
        assertThat(bySupport.status()).isEqualTo(409);
        assertThat(bySupport.error()).isEqualTo("NUMBER_IN_USE");
        assertThat(bySupport.body().path("message").asText()).contains("practice 'happy-paws'");
        final JsonHttp.Answer byPractice = api.put("/v1/tenants/city-vets/communication-settings", OTHER_TENANT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550199999\"}");
        assertThat(byPractice.status()).isEqualTo(403);
        assertThat(byPractice.body().path("message").asText()).doesNotContain("happy-paws");
        assertThat(api.get("/v1/tenants/city-vets/communication-settings", SUPPORT_KEY).body().path("smsFrom").isNull()).isTrue();
    }

    @Test
    void aReplacedNumberIsFreeForAnotherPractice() {
        api.put("/v1/tenants/happy-paws/communication-settings", SUPPORT_KEY, "{\"enabled\": true, \"smsFrom\": \"+15550199999\"}");
        assertThat(api.put("/v1/tenants/happy-paws/communication-settings", SUPPORT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550188888\"}").status()).isEqualTo(200);

        final JsonHttp.Answer taken = api.put("/v1/tenants/city-vets/communication-settings", SUPPORT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550199999\"}");
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.body().path("smsFrom").asText()).isEqualTo("+15550199999");
        assertThat(api.put("/v1/tenants/city-vets/communication-settings", SUPPORT_KEY,
                "{\"enabled\": true, \"smsFrom\": \"+15550188888\"}").error()).isEqualTo("NUMBER_IN_USE");
    }

    // --- finding a client by phone --------------------------------------------------------------------

    private static final String BY_PHONE = "/v1/tenants/happy-paws/clients?phone=";

    private void putPhone(final String tenantId, final String clientId, final String level, final String phone) {
        assertThat(api.put("/v1/tenants/" + tenantId + "/clients/" + clientId + "/sms-consent", SUPPORT_KEY,
                "{\"level\": \"" + level + "\", \"phone\": \"" + phone + "\", " + STAFF + "}").status()).isEqualTo(200);
    }

    private static List<String> clientIds(final JsonNode answer) {
        final List<String> ids = new ArrayList<>();
        answer.path("clients").forEach(client -> ids.add(client.path("clientId").asText()));
        return ids;
    }

    @Test
    void aPhoneFindsThePracticesClientsHoldingItNow() {
        putPhone("happy-paws", "anna", "FULL_TRANSACTIONAL", "+15550100001");
        putPhone("happy-paws", "bob", "BASIC_TRANSACTIONAL", "+15550100001");
        putPhone("happy-paws", "carl", "FULL_TRANSACTIONAL", "+15550100002");
        putPhone("happy-paws", "dora", "FULL_TRANSACTIONAL", "+15550100001");
        putPhone("happy-paws", "dora", "FULL_TRANSACTIONAL", "+15550100003");
        putPhone("city-vets", "erin", "FULL_TRANSACTIONAL", "+15550100001");

        final JsonHttp.Answer found = api.get(BY_PHONE + "%2B15550100001", TENANT_KEY);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().path("tenantId").asText()).isEqualTo("happy-paws");
        assertThat(clientIds(found.body())).containsExactlyInAnyOrder("anna", "bob");
        assertThat(found.body().path("truncated").asBoolean()).isFalse();
        final JsonNode anna = found.body().path("clients").get(clientIds(found.body()).indexOf("anna"));
        assertThat(anna.path("level").asText()).isEqualTo("FULL_TRANSACTIONAL");
        // In full, as sms-consent answers it: the caller sent the number; the console masks it in lists.
        assertThat(anna.path("phone").asText()).isEqualTo("+15550100001");
        assertThat(clientIds(api.get("/v1/tenants/city-vets/clients?phone=%2B15550100001", SUPPORT_KEY).body()))
                .containsExactly("erin");
    }

    @Test
    void aPhoneNobodyHoldsFindsNoClient() {
        putPhone("happy-paws", "anna", "FULL_TRANSACTIONAL", "+15550100001");

        final JsonHttp.Answer none = api.get(BY_PHONE + "%2B15550100009", TENANT_KEY);

        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().path("clients").isArray()).isTrue();
        assertThat(none.body().path("clients")).isEmpty();
        // A number that only begins like one on record is another number.
        assertThat(api.get(BY_PHONE + "%2B1555010000", TENANT_KEY).body().path("clients")).isEmpty();
    }

    @Test
    void anotherPracticesKeyCannotLookUpItsClients() {
        putPhone("happy-paws", "anna", "FULL_TRANSACTIONAL", "+15550100001");

        assertThat(api.get(BY_PHONE + "%2B15550100001", OTHER_TENANT_KEY).status()).isEqualTo(403);
        assertThat(api.get(BY_PHONE + "%2B15550100001", null).status()).isEqualTo(401);
        assertThat(clientIds(api.get(BY_PHONE + "%2B15550100001", SUPPORT_KEY).body())).containsExactly("anna");
    }

    @Test
    void aPhoneThatIsNotE164IsABadRequest() {
        final JsonHttp.Answer notANumber = api.get(BY_PHONE + "07700900123", TENANT_KEY);
        final JsonHttp.Answer plusUnencoded = api.get(BY_PHONE + "+15550100001", TENANT_KEY);
        final JsonHttp.Answer missing = api.get("/v1/tenants/happy-paws/clients", TENANT_KEY);

        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.error()).isEqualTo("INVALID_PHONE");
        assertThat(notANumber.body().path("message").asText()).contains("E.164");
        assertThat(plusUnencoded.status()).isEqualTo(400);
        assertThat(plusUnencoded.body().path("message").asText()).contains("%2B");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("PHONE_REQUIRED");
    }
}
