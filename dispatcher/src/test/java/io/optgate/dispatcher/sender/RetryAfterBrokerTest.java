package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.twilio.TwilioCredentials;
import io.optgate.dispatcher.twilio.TwilioGateway;
import io.optgate.testing.twilio.TwilioOpenApi;
import io.optgate.testing.twilio.TwilioMessagesStandIn;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Answer;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: a Twilio Retry-After is capped ({@code TWILIO_MAX_RETRY_AFTER}) and pauses only the
 * practice whose text was throttled: an hour asked for by one 429 neither stops the sender nor
 * holds that text for an hour.
 */
@RealKafka
class RetryAfterBrokerTest {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcde2";
    static final String AUTH_TOKEN = "retry-after-test-token";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static TwilioMessagesStandIn twilio;
    SenderFixture fixture;

    @BeforeAll
    static void startTwilio() {
        twilio = TwilioMessagesStandIn.start(TwilioOpenApi.load(), ACCOUNT_SID, AUTH_TOKEN);
    }

    @AfterAll
    static void stopTwilio() {
        twilio.close();
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anHourLongRetryAfterIsCappedAndPausesOnlyThatPractice(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "retry-after", 1);
        final AtomicBoolean throttledOnce = new AtomicBoolean();
        twilio.answerWith(request -> "ra-a".equals(request.requestId())
                && throttledOnce.compareAndSet(false, true) ? Answer.tooManyRequests(3600) : Answer.created());
        final MessageRequest throttled = SenderFixture.text("ra-a", SenderFixture.PRACTICE_A, "+15558880001", "A");
        final List<MessageRequest> others = IntStream.range(0, 5)
                .mapToObj(i -> SenderFixture.text("ra-b-" + i, SenderFixture.PRACTICE_B, "+1555888100" + i, "B " + i))
                .toList();
        fixture.publish(throttled);
        fixture.publish(others.toArray(MessageRequest[]::new));
        final RetryPolicy retries = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofSeconds(1));
        final TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN),
                Optional.empty(), Optional.of(twilio.baseUrl()), "https://optgate.example.com", Clock.systemUTC(), 1);

        fixture.start(gateway, fixture.settings("retry-after-1", 50, 1, retries));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == 6);
        assertThat(fixture.outcomes().values()).allSatisfy(e -> assertThat(e.getStatus()).isEqualTo(DeliveryStatus.QUEUED));
        assertThat(fixture.outcomes().get("ra-a").getAttempt()).isEqualTo(2);
    }
}
