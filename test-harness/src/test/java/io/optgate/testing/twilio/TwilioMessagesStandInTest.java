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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwilioMessagesStandInTest {

    private static final String SID = "AC" + "1".repeat(32);
    private static final String TOKEN = "token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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

    private static HttpResponse<String> post(final TwilioMessagesStandIn twilio, final String token)
            throws IOException, InterruptedException {
        final String callback = "http://127.0.0.1:1/twilio/status?tenantId=vet-a&clientId=c-1&requestId=r-1&attempt=1";
        final String form = "To=%2B15550001111&MessagingServiceSid=MG" + "a".repeat(32) + "&Body=hi&StatusCallback="
                + URLEncoder.encode(callback, StandardCharsets.UTF_8);
        final String auth = Base64.getEncoder().encodeToString((SID + ":" + token).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + SID + "/Messages.json"))
                        .header("Authorization", "Basic " + auth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
