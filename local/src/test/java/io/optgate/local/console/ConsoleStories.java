package io.optgate.local.console;

import io.optgate.local.LocalMode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps the console tests share: sign-in, a client, a level, practice settings, a message, a text from a phone. */
final class ConsoleStories {

    final String practice;
    final String practiceKey;
    final String practiceNumber;
    private final LocalMode local;
    private final ConsoleBrowser browser;

    /** Stories of {@code practice} (one of {@link SharedLocalMode#PRACTICES}), whose sending number is {@code number}. */
    ConsoleStories(final LocalMode local, final ConsoleBrowser browser, final String practice, final String number) {
        this.local = local;
        this.browser = browser;
        this.practice = practice;
        this.practiceKey = SharedLocalMode.PRACTICES.get(practice);
        this.practiceNumber = number;
    }

    String console() {
        return local.httpBase() + "/console";
    }

    void signIn(final String key, final String name) {
        browser.open(local.httpBase() + "/console");
        browser.driver.executeScript("sessionStorage.clear()");
        browser.open(local.httpBase() + "/console#client");
        browser.type("signin-key", key);
        browser.type("signin-practice", practice);
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

    /** Through the API, as the practice's system would: the client's level and mobile number on record. */
    void clientOnRecord(final String clientId, final String level, final String phone) {
        api("PUT", "/clients/" + clientId + "/sms-consent", "{\"level\": \"" + level + "\", \"phone\": \"" + phone
                + "\", \"actor\": {\"type\": \"STAFF\", \"id\": \"pms\", \"name\": \"Front desk\"}}", "200", practiceKey);
    }

    /** As support: a practice's sending number is changed by optgate support only. */
    void practiceSettings(final String json) {
        api("PUT", "/communication-settings", json, "200", SharedLocalMode.SUPPORT_KEY);
    }

    void definePreference(final String preferenceId, final String json) {
        api("PUT", "/communication-preferences/" + preferenceId, json, "200", practiceKey);
    }

    void message(final String requestId, final String clientId, final String to, final String category) {
        api("POST", "/messages", "{\"requestId\": \"" + requestId + "\", \"clientId\": \"" + clientId + "\", \"to\": \"" + to
                + "\", \"channel\": \"SMS\", \"category\": \"" + category + "\", \"body\": \"Spring offer\"}", "202", practiceKey);
    }

    /** Calls the practice's API, again while it answers 503 (a store still rebalancing just after start-up). */
    private void api(final String method, final String path, final String json, final String status, final String key) {
        final String url = local.httpBase() + "/v1/tenants/" + practice + path;
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            final String answer = send(method, url, key, json);
            assertThat(answer).doesNotStartWith("503");
            assertThat(answer).as(method + " " + path).startsWith(status);
        });
    }

    /** A record on {@code message.requests} that is not Avro at all: it must become a dead letter. */
    void unreadableRequest() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("message.requests", practice + ":pip", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** A text from {@code phone} to the practice's number through the signed inbound webhook. */
    void replyFromPhone(final String phone, final String text, final String messageSid) {
        try {
            assertThat(SignedWebhook.post("http://127.0.0.1:" + URI.create(local.httpBase()).getPort(), "/twilio/inbound", SharedLocalMode.TWILIO_TOKEN,
                    Map.of("From", phone, "To", practiceNumber, "Body", text, "MessageSid", messageSid))).isEqualTo(200);
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
}
