package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.twilio.TwilioCredentials;
import io.optgate.dispatcher.twilio.TwilioGateway;
import io.optgate.testing.twilio.TwilioOpenApi;
import io.optgate.testing.twilio.TwilioMessagesStandIn;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Answer;
import io.optgate.platform.dlq.DeadLetters;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RealKafka
class SmsSenderBrokerTest {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "sender-test-token";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400));

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
        twilio.answerWith(request -> Answer.created());
    }

    static TwilioGateway gateway() {
        return gateway(twilio);
    }

    static TwilioGateway gateway(final TwilioMessagesStandIn twilio) {
        return new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN), Optional.empty(),
                Optional.of(twilio.baseUrl()), "https://optgate.example.com", Clock.systemUTC(), 4);
    }

    static String id(final String test, final int n) {
        return test + "-" + n;
    }

    @Test
    void everyTextIsHandedOverOnceAndRecordedQueuedWithTwiliosSid(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "queued", 3);
        final List<MessageRequest> texts = IntStream.range(0, 12)
                .mapToObj(i -> SenderFixture.text(id("q", i), i % 2 == 0 ? SenderFixture.PRACTICE_A : SenderFixture.PRACTICE_B,
                        "+1555000" + String.format("%04d", i), "Your prescription is ready " + i))
                .toList();
        fixture.publish(texts.toArray(MessageRequest[]::new));

        fixture.start(gateway(), fixture.settings("queued-1", 50, 4, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == texts.size());
        final Map<String, DeliveryEvent> outcomes = fixture.outcomes();
        for (final MessageRequest text : texts) {
            final DeliveryEvent event = outcomes.get(text.getRequestId());
            assertThat(event.getStatus()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(event.getProviderMessageId()).matches("SM[0-9a-f]{32}");
            assertThat(event.getProvider()).isEqualTo("twilio");
            assertThat(event.getAttempt()).isEqualTo(1);
            assertThat(event.getTenantId()).isEqualTo(text.getTenantId());
            assertThat(event.getClientId()).isEqualTo(text.getClientId());
            assertThat(twilio.requestsFor(text.getRequestId())).isEqualTo(1);
        }
        final TwilioMessagesStandIn.Post fromB = twilio.posts().stream()
                .filter(r -> r.requestId().equals(id("q", 1))).findFirst().orElseThrow();
        assertThat(fromB.form()).containsEntry("From", "+15005550002").containsEntry("To", "+15550000001");
        assertThat(fromB.violations()).isEmpty();
        kafka.awaitNoLag(fixture.group, PATIENCE);
    }

    @Test
    void permanentErrorsAreFailedWithTwiliosCodeAndAnUnsubscribedRecipientIsOptedOut(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "rejected", 1);
        twilio.answerWith(request -> switch (request.form().get("Body")) {
            case "bad number" -> Answer.invalidNumber(request.form().get("To"));
            case "opted out" -> Answer.unsubscribedRecipient();
            case "not mobile" -> Answer.error(400, 21614, "'To' number is not a valid mobile number");
            default -> Answer.created();
        });
        fixture.publish(
                SenderFixture.text("rej-1", SenderFixture.PRACTICE_A, "+15551110001", "bad number"),
                SenderFixture.text("rej-2", SenderFixture.PRACTICE_A, "+15551110002", "opted out"),
                SenderFixture.text("rej-3", SenderFixture.PRACTICE_B, "+15551110003", "not mobile"),
                SenderFixture.text("rej-4", SenderFixture.PRACTICE_B, "+15551110004", "fine"));

        fixture.start(gateway(), fixture.settings("rejected-1", 50, 2, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == 4);
        final Map<String, DeliveryEvent> outcomes = fixture.outcomes();
        assertThat(outcomes.get("rej-1").getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(outcomes.get("rej-1").getErrorCode()).isEqualTo("21211");
        assertThat(outcomes.get("rej-1").getErrorMessage()).isEqualTo("The 'To' number +*********01 is not a valid phone number.");
        assertThat(outcomes.get("rej-2").getErrorCode()).isEqualTo("21610");
        assertThat(outcomes.get("rej-3").getErrorCode()).isEqualTo("21614");
        assertThat(outcomes.get("rej-4").getStatus()).isEqualTo(DeliveryStatus.QUEUED);
        List.of("rej-1", "rej-2", "rej-3").forEach(id -> assertThat(twilio.requestsFor(id)).isEqualTo(1));

        final List<ConsumerRecord<byte[], byte[]>> optOuts = fixture.phoneEventRecords();
        assertThat(optOuts).hasSize(1);
        assertThat(new String(optOuts.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("vet-a:+15551110002");
        final PhoneConsentEvent optOut = fixture.phoneEvent(optOuts.get(0));
        assertThat(optOut.getKind()).isEqualTo(PhoneConsentKind.CARRIER_OPT_OUT);
        assertThat(optOut.getTenantId()).isEqualTo("vet-a");
        assertThat(optOut.getPhone()).isEqualTo("+15551110002");
        assertThat(optOut.getEventId()).isEqualTo("carrier-opt-out-vet-a:client-rej-2/rej-2");
    }

    @Test
    void throttlingAndServerErrorsAreRetriedAfterRetryAfterAndSentOnce(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "retried", 1);
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        twilio.answerWith(request -> {
            final String requestId = request.requestId();
            final int call = calls.computeIfAbsent(requestId, k -> new AtomicInteger()).incrementAndGet();
            if (call > 1) {
                return Answer.created();
            }
            return requestId.equals("retry-429") ? Answer.tooManyRequests(1) : Answer.internalError();
        });
        fixture.publish(
                SenderFixture.text("retry-429", SenderFixture.PRACTICE_A, "+15552220001", "throttled first"),
                SenderFixture.text("retry-500", SenderFixture.PRACTICE_B, "+15552220002", "server error first"));

        fixture.start(gateway(), fixture.settings("retried-1", 50, 2, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == 2);
        final Map<String, DeliveryEvent> outcomes = fixture.outcomes();
        for (final String id : List.of("retry-429", "retry-500")) {
            assertThat(outcomes.get(id).getStatus()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(outcomes.get(id).getAttempt()).isEqualTo(2);
            assertThat(twilio.requestsFor(id)).isEqualTo(2);
        }
        final List<TwilioMessagesStandIn.Post> throttled = twilio.posts().stream()
                .filter(r -> r.requestId().equals("retry-429")).toList();
        assertThat(throttled.get(0).form()).containsEntry("Attempt", "1");
        assertThat(throttled.get(1).form()).containsEntry("Attempt", "2");
        assertThat(Duration.between(throttled.get(0).receivedAt(), throttled.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(fixture.deliveryEvents()).hasSize(2);
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsRecorded(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "gaveup", 1);
        twilio.answerWith(request -> Answer.internalError());
        fixture.publish(SenderFixture.text("gaveup-1", SenderFixture.PRACTICE_A, "+15553330001", "never"));

        fixture.start(gateway(), fixture.settings("gaveup-1", 50, 1, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().containsKey("gaveup-1"));
        final DeliveryEvent failed = fixture.outcomes().get("gaveup-1");
        assertThat(failed.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.getErrorCode()).isEqualTo("20500");
        assertThat(failed.getErrorMessage()).isEqualTo("gave up after 3 attempts: Internal Server Error");
        assertThat(failed.getAttempt()).isEqualTo(3);
        assertThat(twilio.requestsFor("gaveup-1")).isEqualTo(3);
    }

    @Test
    void aTextWhoseExpiryHasPassedIsNotSentAndSaysWhy(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "expired", 1);
        final MessageRequest stale = SenderFixture.text("expired-1", SenderFixture.PRACTICE_A, "+15554440001", "too late");
        stale.setExpiresAt(Instant.now().minusSeconds(1));
        final MessageRequest fresh = SenderFixture.text("expired-2", SenderFixture.PRACTICE_A, "+15554440002", "in time");
        fresh.setExpiresAt(Instant.now().plus(Duration.ofHours(1)));
        fixture.publish(stale, fresh);

        fixture.start(gateway(), fixture.settings("expired-1", 50, 1, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == 2);
        final DeliveryEvent expired = fixture.outcomes().get("expired-1");
        assertThat(expired.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(expired.getErrorCode()).isEqualTo(SmsSender.EXPIRED);
        assertThat(expired.getErrorMessage()).startsWith("expired at ");
        assertThat(twilio.requestsFor("expired-1")).isZero();
        assertThat(fixture.outcomes().get("expired-2").getStatus()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(twilio.posts().stream().filter(r -> r.requestId().equals("expired-2"))
                .findFirst().orElseThrow().form()).containsKey("ValidityPeriod");
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheTextsAfterItAreSent(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "dlq", 1);
        fixture.publishRaw("vet-a:c1".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        fixture.publish(SenderFixture.text("dlq-after", SenderFixture.PRACTICE_A, "+15555550001", "after the bad one"));

        fixture.start(gateway(), fixture.settings("dlq-1", 50, 1, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().containsKey("dlq-after"));
        final List<ConsumerRecord<byte[], byte[]>> dead = fixture.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("NOT_WIRE_FORMAT");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(fixture.outbound);
        kafka.awaitNoLag(fixture.group, PATIENCE);
    }

    @Test
    void withoutCredentialsEveryTextIsADryRunAndNothingReachesTwilio(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "dry", 2);
        final int before = twilio.posts().size();
        fixture.publish(
                SenderFixture.text("dry-1", SenderFixture.PRACTICE_A, "+15556660001", "hello"),
                SenderFixture.text("dry-2", SenderFixture.PRACTICE_B, "+15556660002", "hello"));

        fixture.start(new DryRunGateway(), fixture.settings("dry-1", 1, 1, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == 2);
        fixture.outcomes().values().forEach(event -> {
            assertThat(event.getStatus()).isEqualTo(DeliveryStatus.DRY_RUN);
            assertThat(event.getProvider()).isEqualTo("dry-run");
        });
        assertThat(twilio.posts()).hasSize(before);
    }

    @Test
    void textsWaitWhilePracticeSettingsAreStillLoadingAndGoOutOnceTheyAre(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "loading", 1);
        final AtomicBoolean loaded = new AtomicBoolean(false);
        final AtomicInteger refusals = new AtomicInteger();
        final PracticeDirectory loadedLater = new PracticeDirectory() {
            @Override
            public Optional<CommunicationSettings> settings(final String tenantId) {
                if (!loaded.get()) {
                    refusals.incrementAndGet();
                    throw new IllegalStateException("global store still restoring");
                }
                return SenderFixture.practices().settings(tenantId);
            }

            @Override
            public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> tenantOwningNumber(final String e164) {
                return SenderFixture.practices().tenantOwningNumber(e164);
            }
        };
        fixture.publish(SenderFixture.text("loading-1", SenderFixture.PRACTICE_A, "+15558880001", "hello"));

        final SmsSender sender = fixture.start(gateway(), fixture.settings("loading-1", 50, 1, FAST_RETRIES), loadedLater);
        await().atMost(PATIENCE).until(() -> refusals.get() >= 3);
        assertThat(sender.state()).isEqualTo(SmsSender.State.RUNNING);
        assertThat(twilio.requestsFor("loading-1")).isZero();
        assertThat(fixture.outcomes()).doesNotContainKey("loading-1");

        loaded.set(true);

        await().atMost(PATIENCE).until(() -> fixture.outcomes().containsKey("loading-1"));
        assertThat(fixture.outcomes().get("loading-1").getStatus()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(twilio.requestsFor("loading-1")).isEqualTo(1);
        assertThat(sender.state()).isEqualTo(SmsSender.State.RUNNING);
    }

    @Test
    void aCampaignDoesNotStarveAnotherPracticesPrescription(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "fair", 1);
        for (int i = 0; i < 20; i++) {
            fixture.publishToPartition(0, SenderFixture.text(id("campaign", i), SenderFixture.PRACTICE_A,
                    "+1555777" + String.format("%04d", i), "Spring offer " + i));
        }
        fixture.publishToPartition(0, SenderFixture.text("prescription", SenderFixture.PRACTICE_B, "+15557779999",
                "Your prescription is ready"));
        final int before = twilio.posts().size();

        fixture.start(gateway(), fixture.settings("fair-1", 20, 1, FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().containsKey("prescription"));
        final List<String> order = twilio.posts().subList(before, twilio.posts().size()).stream()
                .map(r -> r.requestId()).toList();
        assertThat(order.indexOf("prescription")).isLessThanOrEqualTo(1);
    }
}
