package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.decision.PhoneStatus;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw {@code consent.phone-events} tail can only make the send-time check stricter: a STOP then a
 * START that consent-streams has not applied yet leave the number suppressed until it has (then its
 * state decides); with the probe off, the START lifts the raw STOP at once, as before.
 */
class ConsentTailTest {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
    private static final String TENANT = "vet-a";
    private static final String PHONE = "+15554440123";
    private static final String STATE = "consent-state";
    private static final String PHONE_STATE = "phone-state";
    private static final String EVENTS = "phone-events";

    private final Serde<PhoneConsentEvent> phones;
    private final SenderTopics topics;
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong applied = new AtomicLong(NOW.minusSeconds(1).toEpochMilli());

    ConsentTailTest() {
        final AvroSerdes serdes = new AvroSerdes(SchemaRegistryClients.forUrl("mock://tail-" + UUID.randomUUID()));
        phones = serdes.value(PhoneConsentEvent.class);
        final Serde<ConsentState> consents = serdes.value(ConsentState.class);
        final Serde<PhoneConsentState> phoneStates = serdes.value(PhoneConsentState.class);
        topics = new SenderTopics(new TopicSpec<>("outbound", Serdes.String(), serdes.value(MessageRequest.class)), "ledger",
                new TopicSpec<>("updates", Serdes.String(), serdes.value(DeliveryEvent.class)),
                new TopicSpec<>(EVENTS, Serdes.String(), phones), new TopicSpec<>(STATE, Serdes.String(), consents),
                new TopicSpec<>(PHONE_STATE, Serdes.String(), phoneStates));
        final Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (final String topic : List.of(STATE, PHONE_STATE, EVENTS)) {
            consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
            beginnings.put(new TopicPartition(topic, 0), 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
    }

    @Test
    void aStopThenAStartConsentStreamsHasNotAppliedKeepTheNumberSuppressedUntilItHas() {
        final ConsentTail tail = tailWith(applied::get, PhoneConsentKind.OPT_OUT, PhoneConsentKind.OPT_IN);

        assertThat(tail.phone(TENANT, PHONE)).as("the processed state has seen neither").isEqualTo(PhoneStatus.SUPPRESSED);

        applied.set(NOW.toEpochMilli());
        assertThat(tail.phone(TENANT, PHONE)).as("applied: the processed state decides").isEqualTo(PhoneStatus.CLEAR);
    }

    @Test
    void aRawStopAloneSuppressesWhateverConsentStreamsHasApplied() {
        final ConsentTail tail = tailWith(ConsentApplied.UNWATCHED, PhoneConsentKind.OPT_OUT);

        assertThat(tail.phone(TENANT, PHONE)).isEqualTo(PhoneStatus.SUPPRESSED);
    }

    @Test
    void withTheProbeOffAStartLiftsTheRawStopAtOnceAsBefore() {
        final ConsentTail tail = tailWith(ConsentApplied.UNWATCHED, PhoneConsentKind.OPT_OUT, PhoneConsentKind.OPT_IN);

        assertThat(tail.phone(TENANT, PHONE)).isEqualTo(PhoneStatus.CLEAR);
    }

    @Test
    void aStopAfterTheStartSuppressesAgain() {
        final ConsentTail tail = tailWith(ConsentApplied.UNWATCHED, PhoneConsentKind.OPT_OUT, PhoneConsentKind.OPT_IN,
                PhoneConsentKind.OPT_OUT);

        assertThat(tail.phone(TENANT, PHONE)).isEqualTo(PhoneStatus.SUPPRESSED);
    }

    /** A tail caught up on raw phone events of these kinds, in order, for the one number. */
    private ConsentTail tailWith(final ConsentApplied consentApplied, final PhoneConsentKind... kinds) {
        consumer.updateEndOffsets(Map.of(new TopicPartition(STATE, 0), 0L, new TopicPartition(PHONE_STATE, 0), 0L,
                new TopicPartition(EVENTS, 0), (long) kinds.length));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < kinds.length; i++) {
                final PhoneConsentEvent event = PhoneConsentEvent.newBuilder().setEventId("e-" + i).setTenantId(TENANT)
                        .setPhone(PHONE).setOccurredAt(NOW).setKind(kinds[i]).build();
                consumer.addRecord(new ConsumerRecord<>(EVENTS, 0, i, (TENANT + ":" + PHONE).getBytes(StandardCharsets.UTF_8),
                        phones.serializer().serialize(EVENTS, event)));
            }
        });
        final ConsentTail tail = new ConsentTail(consumer, topics, Clock.fixed(NOW, ZoneOffset.UTC), consentApplied);
        assertThat(tail.catchUp(Duration.ofSeconds(5))).isTrue();
        return tail;
    }
}
