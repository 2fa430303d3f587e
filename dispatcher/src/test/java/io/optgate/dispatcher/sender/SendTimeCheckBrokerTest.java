package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.testing.twilio.TwilioOpenApi;
import io.optgate.testing.twilio.TwilioMessagesStandIn;
import io.optgate.testing.twilio.TwilioMessagesStandIn.Answer;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The send-time check on the real broker, with Twilio answering slowly so that texts wait: a staff
 * level-down and a preference grant that lapses, both after the decision and before the hand-over,
 * cancel the texts still queued.
 */
@RealKafka
class SendTimeCheckBrokerTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String PHONE = "+15554440001";
    static final int TEXTS = 10;

    static TwilioMessagesStandIn twilio;
    SenderFixture fixture;

    @BeforeAll
    static void startTwilio() {
        twilio = TwilioMessagesStandIn.start(TwilioOpenApi.load(), SmsSenderBrokerTest.ACCOUNT_SID, SmsSenderBrokerTest.AUTH_TOKEN);
        twilio.answerWith(request -> {
            try {
                // A Twilio that answers slowly, so texts wait in the queue long enough for consent to change.
                Thread.sleep(500);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.created();
        });
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
    void aStaffLevelDownBeforeTheHandOverCancelsTheQueuedTexts(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "level-down", 1);
        fixture.publishConsent(consent("client-ld", SmsLevel.FULL_TRANSACTIONAL, Map.of(), 1));
        fixture.publish(texts("ld", "client-ld", Category.FULL_TRANSACTIONAL, null));
        fixture.start(SmsSenderBrokerTest.gateway(twilio), fixture.settings("level-down-1", 50, 1,
                SmsSenderBrokerTest.FAST_RETRIES));
        await().atMost(PATIENCE).until(() -> twilio.posts().stream().anyMatch(r -> r.requestId()
                .startsWith("ld-")));

        fixture.publishConsent(consent("client-ld", SmsLevel.BASIC_TRANSACTIONAL, Map.of(), 2));
        final long postedBefore = posted("ld-");

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == TEXTS);
        final List<DeliveryEvent> cancelled = cancelled();
        assertThat(posted("ld-") - postedBefore).as("posted after the level-down was stored").isLessThanOrEqualTo(1);
        assertThat(cancelled).hasSize(TEXTS - (int) posted("ld-"))
                .allSatisfy(e -> assertThat(e.getErrorCode()).isEqualTo("LEVEL_TOO_LOW"));
        assertThat(cancelled).isNotEmpty();
        assertThat(fixture.counter("optgate.twilio.sender.cancelled", "reason", "LEVEL_TOO_LOW"))
                .isEqualTo(cancelled.size());
    }

    @Test
    void aPreferenceGrantThatLapsesBeforeTheHandOverCancelsTheQueuedTexts(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "lapse", 1);
        final Instant validUntil = Instant.now().plusSeconds(2);
        fixture.publishConsent(consent("client-lp", SmsLevel.MARKETING, Map.of("news",
                Map.of("SMS", new PreferenceGrant(true, validUntil, Instant.now().minusSeconds(60)))), 1));
        fixture.publish(texts("lp", "client-lp", Category.MARKETING, "news"));
        fixture.start(SmsSenderBrokerTest.gateway(twilio), fixture.settings("lapse-1", 50, 1,
                SmsSenderBrokerTest.FAST_RETRIES), withNewsletter());

        await().atMost(PATIENCE).until(() -> fixture.outcomes().size() == TEXTS);
        final List<DeliveryEvent> cancelled = cancelled();
        assertThat(cancelled).isNotEmpty().hasSize(TEXTS - (int) posted("lp-"))
                .allSatisfy(e -> assertThat(e.getErrorCode()).isEqualTo("CONSENT_EXPIRED"));
        assertThat(fixture.outcomes().values()).extracting(DeliveryEvent::getStatus)
                .containsOnly(DeliveryStatus.QUEUED, DeliveryStatus.CANCELLED);
    }

    private List<DeliveryEvent> cancelled() {
        return fixture.outcomes().values().stream().filter(e -> e.getStatus() == DeliveryStatus.CANCELLED).toList();
    }

    private static long posted(final String prefix) {
        return twilio.posts().stream().filter(r -> r.requestId().startsWith(prefix))
                .count();
    }

    private static MessageRequest[] texts(final String prefix, final String clientId, final Category category,
                                          final String preferenceId) {
        return IntStream.range(0, TEXTS).mapToObj(i -> {
            final MessageRequest text = SenderFixture.text(prefix + "-" + i, SenderFixture.PRACTICE_A, PHONE, "Text " + i);
            text.setClientId(clientId);
            text.setCategory(category);
            text.setPreferenceId(preferenceId);
            return text;
        }).toArray(MessageRequest[]::new);
    }

    private static ConsentState consent(final String clientId, final SmsLevel level,
                                        final Map<String, Map<String, PreferenceGrant>> grants, final long version) {
        return ConsentState.newBuilder().setTenantId(SenderFixture.PRACTICE_A).setClientId(clientId).setPhone(PHONE)
                .setLevel(level).setPhoneSuppressed(false).setPreferences(grants).setUpdatedAt(Instant.now())
                .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null)).setVersion(version).build();
    }

    /** Practice A with communication preferences on and an SMS newsletter. */
    private static PracticeDirectory withNewsletter() {
        final PracticeDirectory base = SenderFixture.practices();
        return new PracticeDirectory() {
            @Override
            public Optional<CommunicationSettings> settings(final String tenantId) {
                return base.settings(tenantId);
            }

            @Override
            public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
                return Optional.of(PreferenceDefinition.newBuilder().setPreferenceId(preferenceId).setName("News")
                        .setChannels(List.of(Channel.SMS)).setActive(true).setEditable(true)
                        .setDescriptionDisplay(DescriptionDisplay.SHOW_ON_HOVER).build());
            }

            @Override
            public Optional<String> tenantOwningNumber(final String e164) {
                return base.tenantOwningNumber(e164);
            }
        };
    }
}
