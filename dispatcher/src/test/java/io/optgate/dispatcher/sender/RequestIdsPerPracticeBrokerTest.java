package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.twilio.TwilioCredentials;
import io.optgate.dispatcher.twilio.TwilioGateway;
import io.optgate.testing.twilio.TwilioOpenApi;
import io.optgate.testing.twilio.TwilioMessagesStandIn;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, "request ids belong to their practice": a requestId is unique only within a practice,
 * so two practices' texts with the same requestId are two texts to the sender, each sent exactly once.
 */
@RealKafka
class RequestIdsPerPracticeBrokerTest {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcde1";
    static final String AUTH_TOKEN = "request-id-test-token";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final int PAIRS = 16;

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

    static TwilioGateway gateway() {
        return new TwilioGateway(new TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN), Optional.empty(),
                Optional.of(twilio.baseUrl()), "https://optgate.example.com", Clock.systemUTC(), 4);
    }

    @Test
    void twoPracticesWithTheSameRequestIdsEachGetEveryTextSentOnce(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "same-ids", 1);
        final List<MessageRequest> texts = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            final MessageRequest a = SenderFixture.text("shared-" + i, SenderFixture.PRACTICE_A,
                    String.format("+1555100%04d", i), "From A " + i);
            a.setClientId("a-client-" + i);
            final MessageRequest b = SenderFixture.text("shared-" + i, SenderFixture.PRACTICE_B,
                    String.format("+1555200%04d", i), "From B " + i);
            b.setClientId("b-client-" + i);
            texts.add(a);
            texts.add(b);
        }
        fixture.publish(texts.toArray(MessageRequest[]::new));

        fixture.start(gateway(), fixture.settings("same-ids-1", 100, 4,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400))));

        await().atMost(PATIENCE).until(() -> outcomesByPractice().size() == 2 * PAIRS);
        kafka.awaitNoLag(fixture.group, PATIENCE);
        final Map<String, Long> postsPerBody = twilio.posts().stream()
                .filter(r -> r.requestId().startsWith("shared-"))
                .collect(Collectors.groupingBy(r -> r.form().get("Body"), Collectors.counting()));
        assertThat(postsPerBody).as("texts that reached Twilio, each once").hasSize(2 * PAIRS)
                .allSatisfy((body, count) -> assertThat(count).isEqualTo(1L));
        assertThat(outcomesByPractice().values()).extracting(DeliveryEvent::getStatus).containsOnly(DeliveryStatus.QUEUED);
    }

    @Test
    void aLedgerEntryWrittenBeforeTheUpgradeIsStillHonoured(final KafkaCluster kafka) throws Exception {
        fixture = new SenderFixture(kafka, "legacy", 1);
        final MessageRequest text = SenderFixture.text("legacy-1", SenderFixture.PRACTICE_A, "+15553000001", "Legacy");
        fixture.publish(text);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            final String oldEntry = "{\"requestId\":\"legacy-1\",\"state\":\"HANDED_OVER\",\"attempt\":1,"
                    + "\"sourceOffset\":0,\"atMillis\":1777000000000}";
            producer.send(new ProducerRecord<>(fixture.ledger, 0, "legacy-1".getBytes(StandardCharsets.UTF_8),
                    oldEntry.getBytes(StandardCharsets.UTF_8))).get();
        }

        fixture.start(gateway(), fixture.settings("legacy-1", 100, 4,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400))));

        await().atMost(PATIENCE).until(() -> fixture.outcomes().containsKey("legacy-1"));
        assertThat(fixture.outcomes().get("legacy-1").getErrorCode()).isEqualTo(SmsSender.UNCONFIRMED);
        assertThat(twilio.requestsFor("legacy-1")).isZero();
    }

    /** The latest outcome per practice and requestId. */
    private Map<String, DeliveryEvent> outcomesByPractice() {
        return fixture.deliveryEvents().stream()
                .collect(Collectors.toMap(e -> e.getTenantId() + "/" + e.getRequestId(), e -> e, (x, y) -> y));
    }
}
