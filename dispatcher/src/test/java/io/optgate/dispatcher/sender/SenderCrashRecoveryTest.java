package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.twilio.TwilioCredentials;
import io.optgate.dispatcher.twilio.TwilioGateway;
import io.optgate.testing.twilio.TwilioOpenApi;
import io.optgate.testing.twilio.TwilioMessagesStandIn;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Answer;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sender is killed in the middle of a batch (no commit, connections cut, consumer gone without
 * a word) and started again: no text reaches Twilio twice, counted at the stand-in by requestId
 * and by a marker in the body.
 */
@RealKafka
class SenderCrashRecoveryTest {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000042";
    static final String AUTH_TOKEN = "crash-test-token";
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final int TEXTS = 30;
    static final int CONCURRENCY = 4;

    final TwilioMessagesStandIn twilio = TwilioMessagesStandIn.start(TwilioOpenApi.load(), ACCOUNT_SID, AUTH_TOKEN);
    final CountDownLatch held = new CountDownLatch(1);
    SenderFixture fixture;

    @AfterEach
    void tearDown() {
        held.countDown();
        if (fixture != null) {
            fixture.close();
        }
        twilio.close();
    }

    private TwilioGateway gateway() {
        return new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN), Optional.empty(),
                Optional.of(twilio.baseUrl()), "https://optgate.example.com", Clock.systemUTC(), CONCURRENCY);
    }

    @Test
    void aSenderKilledMidBatchAndRestartedHandsNoTextToTwilioTwice(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "crash", 3);
        final List<MessageRequest> texts = IntStream.range(0, TEXTS)
                .mapToObj(i -> SenderFixture.text("crash-" + i, i % 3 == 0 ? SenderFixture.PRACTICE_B : SenderFixture.PRACTICE_A,
                        "+1555888" + String.format("%04d", i), "marker-" + i + " your order is ready"))
                .toList();
        fixture.publish(texts.toArray(MessageRequest[]::new));

        // Twilio answers the first nine at once and then stops answering: the sender has a batch in flight.
        final AtomicInteger arrived = new AtomicInteger();
        twilio.answerWith(request -> arrived.incrementAndGet() < 10 ? Answer.created() : Answer.created().heldUntil(held));
        final SenderSettings settings = fixture.settings("crash-instance-0", 40, CONCURRENCY,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400)));
        final SmsSender first = fixture.start(gateway(), settings);
        await().atMost(PATIENCE).until(() -> arrived.get() >= 10 + CONCURRENCY - 1);

        first.crash();
        assertThat(first.state()).isEqualTo(SmsSender.State.STOPPED);
        final int handedToTwilioBeforeCrash = twilio.posts().size();

        twilio.answerWith(request -> Answer.created());
        fixture.start(gateway(), settings);

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == TEXTS);
        kafka.awaitNoLag(fixture.group, PATIENCE);

        // Never twice: per requestId and per body marker.
        final Map<String, Long> perRequest = twilio.posts().stream()
                .collect(Collectors.groupingBy(r -> r.requestId(), Collectors.counting()));
        assertThat(perRequest.values()).allMatch(count -> count == 1);
        final Map<String, Long> perMarker = twilio.posts().stream()
                .collect(Collectors.groupingBy(r -> r.form().get("Body").split(" ")[0], Collectors.counting()));
        assertThat(perMarker.values()).allMatch(count -> count == 1);

        // Every text has exactly one outcome; those in flight at the crash are unconfirmed, not resent.
        final Map<String, List<DeliveryEvent>> events = fixture.deliveryEvents().stream()
                .collect(Collectors.groupingBy(DeliveryEvent::getRequestId));
        assertThat(events).hasSize(TEXTS);
        assertThat(events.values()).allMatch(list -> list.size() == 1);
        final Map<String, DeliveryEvent> outcomes = events.values().stream()
                .collect(Collectors.toMap(list -> list.get(0).getRequestId(), list -> list.get(0)));
        final List<String> unconfirmed = outcomes.values().stream()
                .filter(e -> SmsSender.UNCONFIRMED.equals(e.getErrorCode())).map(DeliveryEvent::getRequestId).toList();
        assertThat(unconfirmed).isNotEmpty().hasSizeLessThanOrEqualTo(CONCURRENCY);
        assertThat(unconfirmed).allMatch(id -> outcomes.get(id).getStatus() == DeliveryStatus.FAILED);
        assertThat(unconfirmed).allMatch(id -> perRequest.getOrDefault(id, 0L) <= 1);
        outcomes.values().stream().filter(e -> e.getStatus() == DeliveryStatus.QUEUED)
                .forEach(e -> assertThat(perRequest.get(e.getRequestId())).isEqualTo(1));
        assertThat(outcomes.values().stream().map(DeliveryEvent::getStatus).collect(Collectors.toSet()))
                .containsOnly(DeliveryStatus.QUEUED, DeliveryStatus.FAILED);

        // The restarted sender saw the unsettled hand-overs and said so.
        assertThat(fixture.counter("optgate.twilio.sender.unsettled.on.restore")).isGreaterThanOrEqualTo(1);
        assertThat(fixture.counter("optgate.twilio.sender.outcomes", "outcome", "unconfirmed_after_restart"))
                .isEqualTo(unconfirmed.size());
        assertThat(twilio.posts().size()).isGreaterThan(handedToTwilioBeforeCrash);
        assertThat(texts.stream().map(MessageRequest::getRequestId).collect(Collectors.toSet()))
                .isEqualTo(outcomes.keySet());
    }
}
