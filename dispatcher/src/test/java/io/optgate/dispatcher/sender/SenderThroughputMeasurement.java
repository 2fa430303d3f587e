package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.dispatcher.progress.ConsentClock;
import io.optgate.dispatcher.progress.ConsentClockRunner;
import io.optgate.dispatcher.twilio.TwilioOpenApi;
import io.optgate.dispatcher.twilio.TwilioStandIn;
import io.optgate.dispatcher.twilio.TwilioStandIn.Reply;
import io.optgate.dispatcher.twilio.TwilioCredentials;
import io.optgate.dispatcher.twilio.TwilioGateway;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A measurement, not a test (it asserts nothing about time): how many texts a second one sender hands
 * over with {@code TWILIO_MAX_MPS=400}, {@code TWILIO_MAX_CONCURRENCY=8} and a Twilio stand-in that
 * answers at once, on the in-process broker. Runs only when asked:
 * <pre>
 * ./mvnw -o -B -pl dispatcher -am test -Dtest=SenderThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Doptgate.measure.sender=500
 * </pre>
 * ({@code -Doptgate.measure.sender.probe=true}: with the consent progress probe, no consent input).
 */
@RealKafka
@EnabledIfSystemProperty(named = "optgate.measure.sender", matches = "\\d+")
class SenderThroughputMeasurement {

    @Test
    void textsPerSecond(final KafkaCluster kafka) {
        final int texts = Integer.parseInt(System.getProperty("optgate.measure.sender"));
        final boolean withProbe = Boolean.getBoolean("optgate.measure.sender.probe");
        try (TwilioStandIn twilio = TwilioStandIn.start(TwilioOpenApi.load(), SmsSenderBrokerTest.ACCOUNT_SID,
                SmsSenderBrokerTest.AUTH_TOKEN);
             SenderFixture fixture = new SenderFixture(kafka, "throughput", 6)) {
            final AtomicLong firstPost = new AtomicLong();
            final AtomicLong lastPost = new AtomicLong();
            twilio.respondWith(request -> {
                final long now = System.nanoTime();
                firstPost.compareAndSet(0, now);
                lastPost.set(now);
                return Reply.created();
            });
            ConsentClockRunner probe = null;
            ConsentApplied applied = ConsentApplied.UNWATCHED;
            if (withProbe) {
                final String events = fixture.outbound + ".consent-events";
                kafka.createTopic(events, 6);
                probe = new ConsentClockRunner(kafka.clientConfig(), new ConsentClock.Sources(List.of(events),
                        fixture.outbound + ".repartition", fixture.group + "-consent", fixture.consentState,
                        fixture.group + "-dispatcher", 6), Clock.systemUTC());
                probe.start();
                applied = probe;
            }
            fixture.publish(IntStream.range(0, texts).mapToObj(i -> SenderFixture.text("t-" + i,
                    i % 2 == 0 ? SenderFixture.PRACTICE_A : SenderFixture.PRACTICE_B, "+1555000" + String.format("%04d", i),
                    "Text " + i)).toArray(MessageRequest[]::new));
            final TwilioGateway gateway = new TwilioGateway(new TwilioCredentials(SmsSenderBrokerTest.ACCOUNT_SID,
                    SmsSenderBrokerTest.AUTH_TOKEN), Optional.empty(), Optional.of(twilio.baseUrl()),
                    "https://optgate.example.com", Clock.systemUTC(), 8);
            final long started = System.nanoTime();
            fixture.start(gateway, fixture.settings("throughput-1", 400, 8, SmsSenderBrokerTest.FAST_RETRIES),
                    SenderFixture.practices(), applied);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> twilio.received().size() >= texts);
            final double seconds = (System.nanoTime() - started) / 1e9;
            final double posting = (lastPost.get() - firstPost.get()) / 1e9;
            System.out.printf("SENDER THROUGHPUT: %d texts POSTed in %.1f s from start, %.1f s from the first POST to the last:"
                    + " %.1f texts/s (probe %s)%n", texts, seconds, posting, (texts - 1) / posting, withProbe ? "on" : "off");
            if (probe != null) {
                probe.close();
            }
        }
    }
}
