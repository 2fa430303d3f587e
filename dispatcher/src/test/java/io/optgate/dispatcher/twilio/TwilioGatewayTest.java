package io.optgate.dispatcher.twilio;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.optgate.dispatcher.sender.OutboundSms;
import io.optgate.dispatcher.sender.SendResult;
import io.optgate.testing.twilio.TwilioMessagesStandIn;
import io.optgate.testing.twilio.TwilioOpenApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioGatewayTest {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "test-auth-token";
    static final String SERVICE_SID = "MG0123456789abcdef0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-05-01T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static TwilioOpenApi api;
    static TwilioMessagesStandIn twilio;

    @BeforeAll
    static void startStandIn() {
        api = TwilioOpenApi.load();
        twilio = TwilioMessagesStandIn.start(api, ACCOUNT_SID, AUTH_TOKEN);
    }

    @AfterAll
    static void stopStandIn() {
        twilio.close();
    }

    @AfterEach
    void reset() {
        twilio.answerWith(request -> TwilioMessagesStandIn.Answer.created());
    }

    private static TwilioGateway gateway(final Optional<String> messagingService) {
        return new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN), messagingService,
                Optional.of(twilio.baseUrl()), "https://optgate.example.com/", CLOCK, 4);
    }

    private static OutboundSms sms(final String requestId) {
        return new OutboundSms(requestId, "vet-1", "client-7", "+447700900123", "Rx ready " + requestId,
                Optional.of("+447700900001"), Optional.empty(), 1);
    }

    private static TwilioMessagesStandIn.Post seen(final String requestId) {
        return twilio.posts().stream()
                .filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
    }

    @Test
    void aTextTwilioTakesIsAcceptedWithItsMessageSid() {
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            final SendResult result = gateway.send(sms("req-created"));

            assertThat(result).isInstanceOf(SendResult.Accepted.class);
            assertThat(((SendResult.Accepted) result).providerMessageId()).matches("SM[0-9a-f]{32}");
        }
        final TwilioMessagesStandIn.Post seen = seen("req-created");
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
        assertThat(seen.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes()));
        assertThat(seen.form()).containsEntry("To", "+447700900123")
                .containsEntry("From", "+447700900001")
                .containsEntry("Body", "Rx ready req-created")
                .containsEntry("Attempt", "1")
                .containsEntry("StatusCallback", "https://optgate.example.com/twilio/status"
                        + "?tenantId=vet-1&clientId=client-7&requestId=req-created&attempt=1")
                .doesNotContainKey("MessagingServiceSid");
        assertThat(seen.violations()).isEmpty();
    }

    @Test
    void everyFieldSentIsADeclaredCreateMessageFieldAndTheRequiredOnesArePresent() {
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            gateway.send(new OutboundSms("req-fields", "vet-1", "client-7", "+447700900123", "Hello",
                    Optional.of("+447700900001"), Optional.of(NOW.plus(Duration.ofMinutes(30))), 2));
        }
        final TwilioMessagesStandIn.Post seen = seen("req-fields");
        final Map<String, String> form = seen.form();

        assertThat(api.createMessageOperationId()).isEqualTo("CreateMessage");
        assertThat(api.createMessageFields()).containsAll(form.keySet());
        assertThat(form.keySet()).containsAll(api.createMessageRequired());
        assertThat(form).containsEntry("ValidityPeriod", "1800").containsEntry("Attempt", "2");
        assertThat(seen.violations()).isEmpty();
    }

    @Test
    void withAMessagingServiceTheServiceIsSentInsteadOfFrom() {
        try (TwilioGateway gateway = gateway(Optional.of(SERVICE_SID))) {
            assertThat(gateway.send(sms("req-service"))).isInstanceOf(SendResult.Accepted.class);
        }
        assertThat(seen("req-service").form())
                .containsEntry("MessagingServiceSid", SERVICE_SID).doesNotContainKey("From");
        assertThat(seen("req-service").violations()).isEmpty();
    }

    @Test
    void aPracticeWithoutASendingNumberIsRejectedWithoutCallingTwilio() {
        final long before = twilio.posts().size();
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            final SendResult result = gateway.send(new OutboundSms("req-nofrom", "vet-2", "c", "+447700900123",
                    "Hi", Optional.empty(), Optional.empty(), 1));
            assertThat(result).isEqualTo(new SendResult.Rejected("OPTGATE_NO_SENDER",
                    "the practice has no sending number of its own (smsFrom unset, or owned by another practice) and "
                            + "TWILIO_MESSAGING_SERVICE_SID is not set", false));
        }
        assertThat(twilio.posts()).hasSize((int) before);
    }

    @Test
    void anInvalidNumberIsRejectedWithTwilios21211AndTheNumberMaskedInTheMessage() {
        twilio.answerWith(request -> TwilioMessagesStandIn.Answer.invalidNumber(request.form().get("To")));
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            final SendResult result = gateway.send(sms("req-21211"));

            assertThat(result).isEqualTo(new SendResult.Rejected("21211",
                    "The 'To' number +**********23 is not a valid phone number.", false));
        }
    }

    @Test
    void anUnsubscribedRecipientIsRejectedWith21610AndFlaggedAsACarrierOptOut() {
        twilio.answerWith(request -> TwilioMessagesStandIn.Answer.unsubscribedRecipient());
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            assertThat(gateway.send(sms("req-21610"))).isEqualTo(new SendResult.Rejected("21610",
                    "Attempt to send to unsubscribed recipient", true));
        }
    }

    @Test
    void tooManyRequestsIsNotAcceptedThrottledWithTwiliosRetryAfterAndAskedOnlyOnce() {
        twilio.answerWith(request -> TwilioMessagesStandIn.Answer.tooManyRequests(7));
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            assertThat(gateway.send(sms("req-429"))).isEqualTo(new SendResult.NotAccepted("20429",
                    "Too Many Requests", Optional.of(Duration.ofSeconds(7)), true));
        }
        assertThat(twilio.requestsFor("req-429")).isEqualTo(1);
    }

    @Test
    void aServerErrorIsNotAcceptedAndTheSdkDoesNotRepeatThePost() {
        twilio.answerWith(request -> TwilioMessagesStandIn.Answer.internalError());
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            assertThat(gateway.send(sms("req-500"))).isEqualTo(new SendResult.NotAccepted("20500",
                    "Internal Server Error", Optional.empty(), false));
        }
        assertThat(twilio.requestsFor("req-500")).isEqualTo(1);
    }

    @Test
    void a503WithRetryAfterIsNotRepeatedByTheHttpClientEither() {
        twilio.answerWith(request -> new TwilioMessagesStandIn.Answer(503, 20503, "Service Unavailable",
                Map.of("Retry-After", "1"), null));
        try (TwilioGateway gateway = gateway(Optional.empty())) {
            assertThat(gateway.send(sms("req-503"))).isEqualTo(new SendResult.NotAccepted("20503",
                    "Service Unavailable", Optional.of(Duration.ofSeconds(1)), false));
        }
        assertThat(twilio.requestsFor("req-503")).isEqualTo(1);
    }

    @Test
    void aConnectionThatNeverOpensIsNotAccepted() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN),
                Optional.empty(), Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
                "https://optgate.example.com", CLOCK, 1)) {
            final SendResult result = gateway.send(sms("req-refused"));

            assertThat(result).isInstanceOf(SendResult.NotAccepted.class);
            assertThat(((SendResult.NotAccepted) result).errorCode()).isEqualTo("OPTGATE_CONNECT");
        }
    }

    @Test
    void anAnswerThatNeverComesIsUnconfirmedNotRetried() {
        final CountDownLatch never = new CountDownLatch(1);
        twilio.answerWith(request -> TwilioMessagesStandIn.Answer.created().heldUntil(never));
        try (TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN),
                Optional.empty(), Optional.of(twilio.baseUrl()), "https://optgate.example.com", CLOCK, 1,
                Duration.ofSeconds(2), Duration.ofMillis(300))) {
            assertThat(gateway.send(sms("req-timeout"))).isInstanceOf(SendResult.Unconfirmed.class);
        } finally {
            never.countDown();
        }
        assertThat(twilio.requestsFor("req-timeout")).isEqualTo(1);
    }

    @Test
    void wrongCredentialsAreRejectedAsTwilioDoes() {
        try (TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, "wrong-token"),
                Optional.empty(), Optional.of(twilio.baseUrl()), "https://optgate.example.com", CLOCK, 1)) {
            assertThat(gateway.send(sms("req-auth"))).isEqualTo(new SendResult.Rejected("20003", "Authenticate", false));
        }
        assertThat(seen("req-auth").violations()).containsExactly("auth: expected HTTP Basic AccountSid:AuthToken");
    }

    @Test
    void everyAttemptIsTimedByStatusClassOrIoError() throws Exception {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN),
                Optional.empty(), Optional.of(twilio.baseUrl()), "https://optgate.example.com", CLOCK, 1, meters)) {
            gateway.send(sms("req-timed-201"));
            twilio.answerWith(request -> TwilioMessagesStandIn.Answer.invalidNumber("+447700900123"));
            gateway.send(sms("req-timed-400"));
            twilio.answerWith(request -> TwilioMessagesStandIn.Answer.internalError());
            gateway.send(sms("req-timed-500"));
            gateway.send(sms("req-timed-500b"));
        }
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN),
                Optional.empty(), Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
                "https://optgate.example.com", CLOCK, 1, meters)) {
            gateway.send(sms("req-timed-refused"));
        }

        assertThat(requests(meters, "2xx")).isEqualTo(1);
        assertThat(requests(meters, "4xx")).isEqualTo(1);
        assertThat(requests(meters, "5xx")).isEqualTo(2);
        assertThat(requests(meters, "io_error")).isEqualTo(1);
        assertThat(meters.get("optgate.twilio.request").tag("outcome", "2xx").timer().totalTime(
                java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    private static long requests(final SimpleMeterRegistry meters, final String outcome) {
        final Timer timer = meters.find("optgate.twilio.request").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void validityPeriodFollowsExpiresAtWithinTwiliosLimits() {
        assertThat(TwilioGateway.validityPeriod(Optional.empty(), NOW)).isEmpty();
        assertThat(TwilioGateway.validityPeriod(Optional.of(NOW.plusSeconds(90)), NOW)).contains(90);
        assertThat(TwilioGateway.validityPeriod(Optional.of(NOW.minusSeconds(5)), NOW)).contains(1);
        assertThat(TwilioGateway.validityPeriod(Optional.of(NOW.plus(Duration.ofDays(2))), NOW)).isEmpty();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(TwilioGateway.parseRetryAfter("12", NOW)).contains(Duration.ofSeconds(12));
        assertThat(TwilioGateway.parseRetryAfter("Fri, 01 May 2026 09:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(TwilioGateway.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(TwilioGateway.parseRetryAfter("-3", NOW)).isEmpty();
    }
}
