package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.progress.ConsentClock;
import io.optgate.dispatcher.progress.ConsentClockRunner;
import io.optgate.dispatcher.twilio.TwilioOpenApi;
import io.optgate.dispatcher.twilio.TwilioStandIn;
import io.optgate.dispatcher.twilio.TwilioStandIn.Reply;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.SmsLevel;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The send-time check waits for consent-streams: a staff level-down appended to
 * {@code consent.events} that consent-streams has not applied yet (its committed offsets stay below
 * it, {@code consent.state} still says Full) holds a queued Full Transactional text instead of letting
 * it go on the older state; once consent-streams applies it, the text is CANCELLED, never POSTed.
 * consent-streams is played by the test: it writes {@code consent.state} and commits its group's
 * offsets, which is all the consent progress probe (a real {@link ConsentClockRunner}) looks at.
 */
@RealKafka
class ConsentStreamsBehindBrokerTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String PHONE = "+15554440077";
    static final String CLIENT = "client-behind";

    static TwilioStandIn twilio;
    SenderFixture fixture;
    ConsentClockRunner probe;

    @BeforeAll
    static void startTwilio() {
        twilio = TwilioStandIn.start(TwilioOpenApi.load(), SmsSenderBrokerTest.ACCOUNT_SID, SmsSenderBrokerTest.AUTH_TOKEN);
        twilio.respondWith(request -> Reply.created());
    }

    @AfterAll
    static void stopTwilio() {
        twilio.close();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void aLevelDownConsentStreamsHasNotAppliedHoldsTheTextUntilItHasThenCancelsIt(final KafkaCluster kafka) throws Exception {
        fixture = new SenderFixture(kafka, "behind", 1);
        final String consentEvents = fixture.outbound + ".consent-events";
        final String repartition = fixture.outbound + ".consent-repartition";
        final String consentGroup = fixture.group + "-consent-streams";
        kafka.createTopic(consentEvents, 1);
        kafka.createTopic(repartition, 1);
        fixture.publishConsent(consent(SmsLevel.FULL_TRANSACTIONAL, 1));
        probe = new ConsentClockRunner(kafka.clientConfig(), new ConsentClock.Sources(List.of(consentEvents), repartition,
                consentGroup, fixture.consentState, fixture.group + "-dispatcher", 1), Clock.systemUTC());
        probe.start();
        fixture.start(SmsSenderBrokerTest.gateway(twilio), fixture.settings("behind-1", 50, 4,
                SmsSenderBrokerTest.FAST_RETRIES), SenderFixture.practices(), probe);

        // While consent-streams keeps up, texts go.
        fixture.publish(text("behind-before"));
        await().atMost(PATIENCE).until(() -> posted("behind-before") == 1);

        // Staff move the client to Basic; consent-streams does not apply it (yet).
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(consentEvents, (SenderFixture.PRACTICE_A + ":" + CLIENT)
                    .getBytes(StandardCharsets.UTF_8), "level down to BASIC_TRANSACTIONAL".getBytes(StandardCharsets.UTF_8))).get();
        }
        fixture.publish(text("behind-after"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> posted("behind-after") == 0 && !fixture.outcomes().containsKey("behind-after"));

        // consent-streams applies it: its output, then its offsets, as one exactly-once commit shows them.
        fixture.publishConsent(consent(SmsLevel.BASIC_TRANSACTIONAL, 2));
        commit(kafka, consentGroup, new TopicPartition(consentEvents, 0), 1);

        await().atMost(PATIENCE).until(() -> fixture.outcomes().containsKey("behind-after"));
        final DeliveryEvent outcome = fixture.outcomes().get("behind-after");
        assertThat(outcome.getStatus()).isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(outcome.getErrorCode()).isEqualTo("LEVEL_TOO_LOW");
        assertThat(posted("behind-after")).as("POSTs after the level-down").isZero();
    }

    private static void commit(final KafkaCluster kafka, final String group, final TopicPartition partition,
                               final long offset) throws ExecutionException, InterruptedException {
        try (Admin admin = kafka.createAdmin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset))).all().get();
        }
    }

    private static long posted(final String requestId) {
        return twilio.received().stream().filter(r -> r.requestId().filter(requestId::equals).isPresent()).count();
    }

    private static MessageRequest text(final String requestId) {
        final MessageRequest text = SenderFixture.text(requestId, SenderFixture.PRACTICE_A, PHONE, "Your appointment");
        text.setClientId(CLIENT);
        text.setCategory(Category.FULL_TRANSACTIONAL);
        return text;
    }

    private static ConsentState consent(final SmsLevel level, final long version) {
        return ConsentState.newBuilder().setTenantId(SenderFixture.PRACTICE_A).setClientId(CLIENT).setPhone(PHONE)
                .setLevel(level).setPhoneSuppressed(false).setPreferences(Map.of()).setUpdatedAt(Instant.now())
                .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(version).build();
    }
}
