package io.optgate.dispatcher.sender;

import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 12, "a sender that fails loudly": an Error is a failure the sender reports, not a quiet death. */
@RealKafka
class SenderFailsLoudlyBrokerTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    SenderFixture fixture;

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anErrorInTheGatewayFailsTheSender(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "error", 1);
        fixture.publish(SenderFixture.text("err-1", SenderFixture.PRACTICE_A, "+15556660001", "Hello"));
        final MessageGateway failing = new MessageGateway() {
            @Override
            public SendResult send(final OutboundSms sms) {
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public String provider() {
                return "test";
            }

            @Override
            public boolean paced() {
                return false;
            }

            @Override
            public void close() {
            }
        };

        final SmsSender sender = fixture.start(failing, fixture.settings("error-1", 50, 1, SmsSenderBrokerTest.FAST_RETRIES));

        await().atMost(PATIENCE).until(() -> sender.state() == SmsSender.State.FAILED);
        assertThat(sender.failure()).containsInstanceOf(OutOfMemoryError.class);
    }
}
