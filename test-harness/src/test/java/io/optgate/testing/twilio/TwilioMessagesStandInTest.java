package io.optgate.testing.twilio;

import io.optgate.testing.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TwilioMessagesStandInTest {

    private static final String SID = "AC" + "1".repeat(32);
    private static final String TOKEN = "token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String CALLBACK = "http://127.0.0.1:1/twilio/status?tenantId=vet-a&clientId=c-1&requestId=r-1&attempt=1";
    private static final String FORM = "To=%2B15550001111&MessagingServiceSid=MG" + "a".repeat(32) + "&Body=hi&StatusCallback="
            + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);

    @Test
    void answersAsTheMessagesApiAndRecordsEveryPost() throws Exception {
        try (TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(SID, TOKEN, FreePorts.loopback(1).get(0))) {
            final HttpResponse<String> created = post(twilio, TOKEN);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("\"sid\":\"SM", "\"status\":\"queued\"", "\"to\":\"+15550001111\"");

            twilio.answerWith(TwilioMessagesStandIn.Answer.TOO_MANY_REQUESTS);
            final HttpResponse<String> throttled = post(twilio, TOKEN);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
            twilio.answerWith(TwilioMessagesStandIn.Answer.SERVER_ERROR);
            assertThat(post(twilio, TOKEN).statusCode()).isEqualTo(500);
            assertThat(post(twilio, "wrong").statusCode()).isEqualTo(401);

            assertThat(twilio.posts()).extracting(TwilioMessagesStandIn.Post::status).containsExactly(201, 429, 500, 401);
            assertThat(twilio.posts()).allSatisfy(p -> {
                assertThat(p.requestId()).isEqualTo("r-1");
                assertThat(p.tenantId()).isEqualTo("vet-a");
            });
        }
    }

    @Test
    void refusesConnectionsThenOpensTheSamePortAgain() throws Exception {
        try (TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(SID, TOKEN, FreePorts.loopback(1).get(0))) {
            twilio.refuseConnections();
            assertThatThrownBy(() -> post(twilio, TOKEN)).isInstanceOf(ConnectException.class);
            twilio.acceptConnections();
            assertThat(post(twilio, TOKEN).statusCode()).isEqualTo(201);
            assertThat(twilio.posts()).hasSize(1);
        }
    }

    @Test
    void withTwiliosDescriptionEveryFormIsCheckedAndAFormTwilioWouldRefuseIsAnswered400() throws Exception {
        try (TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(TwilioOpenApi.load(), SID, TOKEN)) {
            assertThat(post(twilio, TOKEN).statusCode()).isEqualTo(201);
            assertThat(post(twilio, TOKEN, FORM + "&Colour=blue").statusCode()).isEqualTo(400);
            assertThat(post(twilio, TOKEN, "To=447700900123&Body=hi").statusCode()).isEqualTo(400);
            assertThat(post(twilio, "wrong").statusCode()).isEqualTo(401);

            final List<TwilioMessagesStandIn.Post> posts = twilio.posts();
            assertThat(posts.get(0).violations()).isEmpty();
            assertThat(posts.get(0).method()).isEqualTo("POST");
            assertThat(posts.get(0).path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
            assertThat(posts.get(1).violations()).containsExactly("field: Colour is not a CreateMessage field");
            assertThat(posts.get(2).violations()).contains("field: To is not an E.164 number",
                    "field: From or MessagingServiceSid is needed");
            assertThat(posts.get(3).violations()).containsExactly("auth: expected HTTP Basic AccountSid:AuthToken");
            assertThat(twilio.violations()).hasSize(posts.get(1).violations().size()
                    + posts.get(2).violations().size() + 1);
        }
    }

    @Test
    void aScriptAnswersEachPostAndCanHoldAnAnswerUntilTheTestReleasesIt() throws Exception {
        try (TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(TwilioOpenApi.load(), SID, TOKEN)) {
            final CountDownLatch release = new CountDownLatch(1);
            twilio.answerWith(post -> post.form().get("Body").equals("held")
                    ? TwilioMessagesStandIn.Answer.created().heldUntil(release)
                    : TwilioMessagesStandIn.Answer.unsubscribedRecipient());

            final HttpResponse<String> optedOut = post(twilio, TOKEN);
            assertThat(optedOut.statusCode()).isEqualTo(400);
            assertThat(optedOut.body()).contains("\"code\":21610", "\"status\":400");
            final CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(
                    request(twilio, TOKEN, FORM.replace("Body=hi", "Body=held")), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> twilio.posts().size() == 2);
            assertThat(held).isNotDone();
            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(twilio.requestsFor("r-1")).isEqualTo(2);
            assertThat(twilio.posts()).extracting(TwilioMessagesStandIn.Post::status).containsExactly(400, 201);
        }
    }

    @Test
    void onAFreePortItOpensTheSameNumberAgain() throws Exception {
        try (TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(TwilioOpenApi.load(), SID, TOKEN)) {
            final URI before = twilio.baseUrl();
            twilio.refuseConnections();
            assertThatThrownBy(() -> post(twilio, TOKEN)).isInstanceOf(ConnectException.class);
            twilio.acceptConnections();
            assertThat(twilio.baseUrl()).isEqualTo(before);
            assertThat(post(twilio, TOKEN).statusCode()).isEqualTo(201);
        }
    }

    private static HttpResponse<String> post(final TwilioMessagesStandIn twilio, final String token)
            throws IOException, InterruptedException {
        return post(twilio, token, FORM);
    }

    private static HttpResponse<String> post(final TwilioMessagesStandIn twilio, final String token, final String form)
            throws IOException, InterruptedException {
        return HTTP.send(request(twilio, token, form), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(final TwilioMessagesStandIn twilio, final String token, final String form) {
        final String auth = Base64.getEncoder().encodeToString((SID + ":" + token).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + SID + "/Messages.json"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }
}
