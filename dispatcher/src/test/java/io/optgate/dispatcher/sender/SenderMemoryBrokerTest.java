package io.optgate.dispatcher.sender;

import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: the sender's per-partition progress and its ledger memory are pruned as offsets commit,
 * so a dry run of 200,000 texts holds about as many entries as texts are open at once, not 200,000,
 * and the heap after GC does not grow with the texts.
 */
@RealKafka
class SenderMemoryBrokerTest {

    static final int TEXTS = 200_000;
    /** Reading pauses at 1,000 queued texts (plus one poll of 200); far below one entry per text. */
    static final int BOUND = 5_000;

    /**
     * Holding the ledger views of 150,000 more texts grew the heap after GC by 24 MiB (pruning
     * switched off); pruned, it moved by a few MiB either way (the broker shares this JVM).
     */
    static final long HEAP_GROWTH_BOUND = 16L << 20;

    SenderFixture fixture;

    private static long heapAfterGc() {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aDryRunOf200000TextsKeepsTheTrackedEntriesFlat(final KafkaCluster kafka) {
        fixture = new SenderFixture(kafka, "memory", 2);
        final Map<String, Object> config = new HashMap<>(kafka.producerConfig());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < TEXTS; i++) {
                final MessageRequest text = SenderFixture.text("m-" + i, i % 2 == 0 ? SenderFixture.PRACTICE_A
                        : SenderFixture.PRACTICE_B, "+15557770001", "Reminder");
                final String key = text.getTenantId() + ":" + text.getClientId();
                producer.send(new ProducerRecord<>(fixture.outbound, key.getBytes(StandardCharsets.UTF_8),
                        fixture.requests.serializer().serialize(fixture.outbound, text)));
            }
            producer.flush();
        }
        final AtomicInteger sent = new AtomicInteger();
        final MessageGateway dry = new MessageGateway() {
            @Override
            public SendResult send(final OutboundSms sms) {
                sent.incrementAndGet();
                return new SendResult.DryRun();
            }

            @Override
            public String provider() {
                return "dry-run";
            }

            @Override
            public boolean paced() {
                return false;
            }
        };

        final SmsSender sender = fixture.start(dry, fixture.settings("memory-1", 1_000, 64,
                SmsSenderBrokerTest.FAST_RETRIES));

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> sent.get() >= TEXTS / 4 || sender.state() != SmsSender.State.RUNNING);
        final long quarter = heapAfterGc();
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sent.get() == TEXTS || sender.state() != SmsSender.State.RUNNING);
        kafka.awaitNoLag(fixture.group, Duration.ofMinutes(2));
        final long end = heapAfterGc();
        System.out.printf("sender memory: peak tracked %d, heap after GC %d MiB at %d texts, %d MiB at %d%n",
                sender.peakTracked(), quarter >> 20, TEXTS / 4, end >> 20, TEXTS);
        assertThat(sent.get()).isEqualTo(TEXTS);
        assertThat(sender.peakTracked()).as("outbound offsets and ledger views held at once").isLessThan(BOUND);
        assertThat(end - quarter).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_BOUND);
    }
}
