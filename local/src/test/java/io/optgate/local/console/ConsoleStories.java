package io.optgate.local.console;

import io.optgate.local.LocalMode;
import io.optgate.local.RunningLocalMode;
import org.awaitility.Awaitility;
import org.openqa.selenium.support.ui.Select;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps the console tests share: local mode with keys and a Twilio token, sign-in, a client, a text from a phone. */
final class ConsoleStories {

    static final String PRACTICE = "vet-1";
    static final String PRACTICE_KEY = "vet-1-key";
    static final String SUPPORT_KEY = "support-key";
    static final String PRACTICE_NUMBER = "+15550009999";
    static final String TWILIO_TOKEN = "console-test-token";

    private final LocalMode local;
    private final ConsoleBrowser browser;

    ConsoleStories(final LocalMode local, final ConsoleBrowser browser) {
        this.local = local;
        this.browser = browser;
    }

    static LocalMode startLocalMode(final Path dataDir) throws Exception {
        final int httpPort = freePort();
        final LocalMode local = RunningLocalMode.start(dataDir, freePort(), httpPort, Map.of(
                "OPTGATE_API_KEYS", PRACTICE_KEY + "=" + PRACTICE + "," + SUPPORT_KEY + "=*",
                "TWILIO_AUTH_TOKEN", TWILIO_TOKEN,
                "OPTGATE_PUBLIC_URL", "http://127.0.0.1:" + httpPort));
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(send("GET", local.httpBase() + "/health", null, null)).startsWith("200"));
        return local;
    }

    void signIn(final String key, final String name) {
        browser.open(local.httpBase() + "/console");
        browser.driver.executeScript("sessionStorage.clear()");
        browser.open(local.httpBase() + "/console#client");
        browser.type("signin-key", key);
        browser.type("signin-practice", PRACTICE);
        browser.type("signin-name", name);
        browser.click("signin-submit");
    }

    void openClient(final String clientId) {
        browser.type("client-id", clientId);
        browser.click("open-client");
        browser.untilText("contact-client", clientId);
    }

    /** Pencil, level, optional phone, green check; a confirmation that follows is left to the caller. */
    void chooseLevel(final String level, final String phone) {
        browser.click("edit-level");
        new Select(browser.visible("level-select")).selectByVisibleText(level);
        if (phone != null) {
            browser.type("level-phone", phone);
        }
        browser.click("save-level");
    }

    void practiceSettings(final String json) throws Exception {
        assertThat(send("PUT", local.httpBase() + "/v1/tenants/" + PRACTICE + "/communication-settings", PRACTICE_KEY, json))
                .startsWith("200");
    }

    void message(final String requestId, final String clientId, final String to, final String category) throws Exception {
        assertThat(send("POST", local.httpBase() + "/v1/tenants/" + PRACTICE + "/messages", PRACTICE_KEY,
                "{\"requestId\": \"" + requestId + "\", \"clientId\": \"" + clientId + "\", \"to\": \"" + to
                        + "\", \"channel\": \"SMS\", \"category\": \"" + category + "\", \"body\": \"Spring offer\"}"))
                .startsWith("202");
    }

    /** A text from {@code phone} to the practice's number through the signed inbound webhook. */
    void replyFromPhone(final String phone, final String text, final String messageSid) {
        try {
            assertThat(SignedWebhook.post("http://127.0.0.1:" + URI.create(local.httpBase()).getPort(), "/twilio/inbound", TWILIO_TOKEN,
                    Map.of("From", phone, "To", PRACTICE_NUMBER, "Body", text, "MessageSid", messageSid))).isEqualTo(200);
        } catch (final Exception e) {
            throw new AssertionError("the inbound webhook could not be called: " + e, e);
        }
    }

    static String send(final String method, final String url, final String key, final String json) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        final HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
