package io.optgate.consent.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.optgate.consent.http.ApiHarness.SUPPORT_KEY;
import static io.optgate.consent.http.ApiHarness.TENANT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16, quiet hours: the client's time zone and the practice's zone and sending window over HTTP. */
class TimeZoneApiTest {

    private static final String ANNA = "/v1/tenants/happy-paws/clients/anna/sms-consent";
    private static final String SETTINGS = "/v1/tenants/happy-paws/communication-settings";
    private static final String STAFF = "\"actor\": {\"type\": \"STAFF\", \"id\": \"u-17\"}";

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

    @Test
    void aClientsTimeZoneIsSetWithTheLevelShownAndKept() {
        final JsonHttp.Answer set = api.put(ANNA, TENANT_KEY,
                "{\"level\": \"FULL_TRANSACTIONAL\", \"phone\": \"+15550100001\", \"timeZone\": \"America/Chicago\", " + STAFF + "}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().path("timeZone").asText()).isEqualTo("America/Chicago");
        final JsonHttp.Answer levelOnly = api.put(ANNA, TENANT_KEY, "{\"level\": \"BASIC_TRANSACTIONAL\", " + STAFF + "}");
        assertThat(levelOnly.body().path("timeZone").asText()).as("left out, it stays").isEqualTo("America/Chicago");
        assertThat(api.get(ANNA, TENANT_KEY).body().path("timeZone").asText()).isEqualTo("America/Chicago");
        assertThat(api.get("/v1/tenants/happy-paws/clients/anna/notes", TENANT_KEY).body().toString())
                .contains("set the client's time zone to America/Chicago", "TIME_ZONE_CHANGED");
    }

    @Test
    void aTimeZoneThatIsNoIanaIdIs400AndChangesNothing() {
        for (final String zone : new String[] {"Mars/Olympus", "+05:00", "EST5EDT ", "america/chicago"}) {
            final JsonHttp.Answer refused = api.put(ANNA, TENANT_KEY,
                    "{\"level\": \"FULL_TRANSACTIONAL\", \"timeZone\": \"" + zone + "\", " + STAFF + "}");
            assertThat(refused.status()).as(zone).isEqualTo(400);
            assertThat(refused.error()).isEqualTo("INVALID_TIME_ZONE");
        }
        assertThat(api.get(ANNA, TENANT_KEY).body().path("version").asLong()).isZero();
    }

    @Test
    void thePracticesZoneAndSendingWindowAreSavedAndValidated() {
        final JsonHttp.Answer saved = api.put(SETTINGS, SUPPORT_KEY, "{\"enabled\": false, \"timeZone\": \"America/New_York\", "
                + "\"sendingWindowStart\": \"09:00\", \"sendingWindowEnd\": \"19:30\"}");

        assertThat(saved.status()).isEqualTo(200);
        final JsonHttp.Answer read = api.get(SETTINGS, TENANT_KEY);
        assertThat(read.body().path("timeZone").asText()).isEqualTo("America/New_York");
        assertThat(read.body().path("sendingWindowStart").asText()).isEqualTo("09:00");
        assertThat(read.body().path("sendingWindowEnd").asText()).isEqualTo("19:30");

        assertThat(api.put(SETTINGS, SUPPORT_KEY, "{\"enabled\": false, \"timeZone\": \"Eastern\"}").error()).isEqualTo("INVALID_TIME_ZONE");
        assertThat(api.put(SETTINGS, SUPPORT_KEY, "{\"enabled\": false, \"sendingWindowStart\": \"9am\"}").error())
                .isEqualTo("INVALID_SENDING_WINDOW");
        assertThat(api.put(SETTINGS, SUPPORT_KEY, "{\"enabled\": false, \"sendingWindowStart\": \"20:00\", \"sendingWindowEnd\": \"10:00\"}")
                .status()).isEqualTo(400);
        assertThat(api.put(SETTINGS, SUPPORT_KEY, "{\"enabled\": false, \"sendingWindowStart\": \"22:00\"}").status())
                .as("after the federal end, with no end given").isEqualTo(400);
    }
}
