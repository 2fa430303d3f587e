package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.consent.topology.ConsentDriver;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.optgate.consent.http.ApiHarness.OTHER_TENANT_KEY;
import static io.optgate.consent.http.ApiHarness.SUPPORT_KEY;
import static io.optgate.consent.http.ApiHarness.TENANT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** Consent evidence on the API and the export of one client's history (GDPR Art. 7(1), Art. 15). */
class ConsentHistoryApiTest {

    private static final String ANNA = "/v1/tenants/happy-paws/clients/anna";
    private static final String STAFF = "\"actor\": {\"type\": \"STAFF\", \"id\": \"u-17\", \"name\": \"Dr. Jane Smith\"}";
    private static final String FORM = "\"evidence\": {\"method\": \"IN_PERSON\", \"policyVersion\": \"privacy-2026-03\", "
            + "\"text\": \"Signed the form, said \\\"texts are fine\\\", at reception\"}";

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

    private JsonHttp.Answer putLevel(final String body) {
        return api.put(ANNA + "/sms-consent", TENANT_KEY, body);
    }

    private void clientRepliesStop() {
        api.kit.pipe(new PhoneConsentEvent("p-1", "happy-paws", "+15550100001", ConsentDriver.START.plusSeconds(60),
                PhoneConsentKind.OPT_OUT, "STOP", "SM1", null));
    }

    @Test
    void evidenceGivenOnAPutIsReturnedWithTheNotes() {
        assertThat(putLevel("{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", " + STAFF + ", " + FORM + "}").status())
                .isEqualTo(200);

        final JsonNode newest = api.get(ANNA + "/notes", TENANT_KEY).body().path("notes").get(0);
        assertThat(newest.path("evidence").path("method").asText()).isEqualTo("IN_PERSON");
        assertThat(newest.path("evidence").path("policyVersion").asText()).isEqualTo("privacy-2026-03");
        assertThat(newest.path("evidence").path("text").asText()).isEqualTo("Signed the form, said \"texts are fine\", at reception");
    }

    @Test
    void theHistoryListsEveryChangeOldestFirstWithActorTimeMethodAndWhatCausedIt() {
        putLevel("{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", " + STAFF + ", " + FORM + "}");
        clientRepliesStop();

        final JsonHttp.Answer history = api.get(ANNA + "/consent-history", TENANT_KEY);

        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().path("tenantId").asText()).isEqualTo("happy-paws");
        assertThat(history.body().path("clientId").asText()).isEqualTo("anna");
        assertThat(history.body().path("truncated").asBoolean()).isFalse();
        assertThat(history.body().path("smsConsent").path("level").asText()).isEqualTo("OPTED_OUT");
        final JsonNode entries = history.body().path("entries");
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("kind").asText()).isEqualTo("PHONE_CHANGED");
        assertThat(entries.get(1).path("kind").asText()).isEqualTo("LEVEL_CHANGED");
        assertThat(entries.get(1).path("actor").path("name").asText()).isEqualTo("Dr. Jane Smith");
        assertThat(entries.get(1).path("evidence").path("policyVersion").asText()).isEqualTo("privacy-2026-03");
        final JsonNode stop = entries.get(2);
        assertThat(stop.path("kind").asText()).isEqualTo("OPTED_OUT_BY_PHONE");
        assertThat(stop.path("actor").path("type").asText()).isEqualTo("CLIENT");
        assertThat(stop.path("at").asText()).isEqualTo(ConsentDriver.START.plusSeconds(60).toString());
        assertThat(stop.path("evidence").path("method").asText()).isEqualTo("TEXT");
        assertThat(stop.path("evidence").path("text").asText()).isEqualTo("STOP");
        assertThat(history.body().toString()).doesNotContain("+15550100001\",\"entries").contains("\"entries\"");
    }

    @Test
    void theHistoryIsCsvWithAHeaderRowWhenAskedByAcceptOrFormat() {
        putLevel("{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", " + STAFF + ", " + FORM + "}");
        clientRepliesStop();

        final JsonHttp.Text byAccept = api.getText(ANNA + "/consent-history", TENANT_KEY, "text/csv");
        final JsonHttp.Text byFormat = api.getText(ANNA + "/consent-history?format=csv", TENANT_KEY, null);

        assertThat(byAccept.status()).isEqualTo(200);
        assertThat(byAccept.contentType()).startsWith("text/csv");
        assertThat(byFormat.body()).isEqualTo(byAccept.body());
        final List<String> lines = List.of(byAccept.body().split("\r\n"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(String.join(",", ConsentHistory.CSV_HEADER));
        assertThat(lines.get(2)).startsWith("2026-").contains(",LEVEL_CHANGED,BASIC_TRANSACTIONAL,FULL_TRANSACTIONAL,STAFF,u-17,Dr. Jane Smith,IN_PERSON,privacy-2026-03,"
                + "\"Signed the form, said \"\"texts are fine\"\", at reception\",");
        assertThat(lines.get(3)).contains(",OPTED_OUT_BY_PHONE,FULL_TRANSACTIONAL,OPTED_OUT,CLIENT,anna,,TEXT,,STOP,");
    }

    @Test
    void badEvidenceIsRefusedWithAClearReasonAndChangesNothing() {
        final String level = "{\"level\": \"FULL_TRANSACTIONAL\", " + STAFF + ", ";
        final JsonHttp.Answer notAnObject = putLevel(level + "\"evidence\": \"in person\"}");
        final JsonHttp.Answer noMethod = putLevel(level + "\"evidence\": {\"policyVersion\": \"v1\"}}");
        final JsonHttp.Answer unknownMethod = putLevel(level + "\"evidence\": {\"method\": \"CARRIER_PIGEON\"}}");
        final JsonHttp.Answer blankVersion = putLevel(level + "\"evidence\": {\"method\": \"EMAIL\", \"policyVersion\": \" \"}}");
        final JsonHttp.Answer longText = putLevel(level + "\"evidence\": {\"method\": \"EMAIL\", \"text\": \"" + "x".repeat(2001) + "\"}}");

        for (final JsonHttp.Answer answer : List.of(notAnObject, noMethod, unknownMethod, blankVersion, longText)) {
            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.error()).isEqualTo("INVALID_EVIDENCE");
        }
        assertThat(unknownMethod.body().path("message").asText()).contains("IN_PERSON, PHONE, EMAIL, TEXT, WEB_FORM").doesNotContain("UNKNOWN");
        assertThat(longText.body().path("message").asText()).contains("2000");
        assertThat(api.get(ANNA + "/sms-consent", TENANT_KEY).body().path("isDefault").asBoolean()).isTrue();
        assertThat(api.get(ANNA + "/consent-history", TENANT_KEY).body().path("entries")).isEmpty();
    }

    @Test
    void theHistoryTakesTheNotesKeysAndAKnownFormat() {
        assertThat(api.get(ANNA + "/consent-history", null).status()).isEqualTo(401);
        assertThat(api.get(ANNA + "/consent-history", OTHER_TENANT_KEY).status()).isEqualTo(403);
        assertThat(api.get(ANNA + "/consent-history", SUPPORT_KEY).status()).isEqualTo(200);
        final JsonHttp.Answer badFormat = api.get(ANNA + "/consent-history?format=xml", TENANT_KEY);
        assertThat(badFormat.status()).isEqualTo(422);
        assertThat(badFormat.error()).isEqualTo("INVALID_REQUEST");
    }
}
