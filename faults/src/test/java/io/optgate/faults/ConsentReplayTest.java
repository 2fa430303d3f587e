package io.optgate.faults;

import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.faults.ConsentReplay.Tables;
import io.optgate.platform.topics.ConsentStreamsProgress;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ConsentReplay}: the order it replays in, and consent-streams' topology run over raw records. */
class ConsentReplayTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final String PHONE = "+447700900123";
    private static final Actor STAFF = new Actor(ActorType.STAFF, "faults", null);

    private final String scope = "replay-test-" + UUID.randomUUID();
    private final AvroSerdes serdes = new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + scope));

    @TempDir
    Path stateDirs;

    @AfterEach
    void dropRegistry() {
        SchemaRegistryClients.dropMockScope(scope);
    }

    @Test
    void keepsEachPartitionsOrderAndTakesTheSmallestTimestampAcrossPartitions() {
        final List<ConsumerRecord<String, String>> input = List.of(
                record("consent.events", 0, 1, 50, "a2"),
                record("consent.phone-events", 0, 0, 20, "b1"),
                record("consent.events", 0, 0, 100, "a1"),
                record("consent.events", 1, 0, 20, "c1"),
                record("consent.phone-events", 0, 1, 30, "b2"));

        assertThat(ConsentReplay.inOrder(input)).extracting(ConsumerRecord::value)
                // a2 (50) stays after a1 (100): a partition is read in offset order; ties by topic then partition.
                .containsExactly("c1", "b1", "b2", "a1", "a2");
    }

    @Test
    void replaysTheRawInputThroughTheTopology() {
        final byte[] full = fullWithPhone();
        final byte[] stop = stop();

        final Tables tables = ConsentReplay.replay(List.of(
                record("consent.phone-events", 2, 0, T.plusSeconds(1).toEpochMilli(), "vet-a:" + PHONE, stop),
                record("consent.events", 0, 0, T.toEpochMilli(), "vet-a:c-1", full)), "mock://" + scope, stateDirs);

        final ConsentState client = tables.clients().get("vet-a:c-1");
        assertThat(client.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(client.getPhoneSuppressed()).isTrue();
        assertThat(client.getTimeZone()).isEqualTo("Europe/London");
        assertThat(tables.numbers()).hasSize(1);
        assertThat(tables.numbers().values().iterator().next().getSuppressed()).isTrue();
    }

    @Test
    void replaysTheRepartitionTopicInItsOwnOrder() {
        final byte[] full = fullWithPhone();
        final byte[] stop = stop();
        final String repartition = ConsentStreamsProgress.repartitionTopic(ConsentStreamsApp.APPLICATION_ID);

        // The STOP reached the repartition topic first, though written after the staff change: the
        // staff change then meets a suppressed number, records it and is refused the level, so the
        // client's first version is already opted out (in timestamp order it would be Full, then a
        // second version opted out by the STOP).
        final Tables tables = ConsentReplay.replay(List.of(
                record(repartition, 0, 0, T.plusSeconds(1).toEpochMilli(), "vet-a", repartitioned(2, "vet-a:" + PHONE, stop)),
                record(repartition, 0, 1, T.toEpochMilli(), "vet-a", repartitioned(1, "vet-a:c-1", full))),
                "mock://" + scope, stateDirs);

        final ConsentState client = tables.clients().get("vet-a:c-1");
        assertThat(client.getLevel()).isEqualTo(SmsLevel.OPTED_OUT);
        assertThat(client.getPhoneSuppressed()).isTrue();
        assertThat(client.getVersion()).isEqualTo(1L);
        assertThat(tables.numbers().values()).singleElement().satisfies(number -> assertThat(number.getSuppressed()).isTrue());
    }

    @Test
    void aRepartitionRecordNamesItsSourceRecord() {
        final byte[] full = fullWithPhone();

        assertThat(ConsentReplayCheck.sourceOf(repartitioned(1, "vet-a:c-1", full)))
                .isEqualTo("consent.events|vet-a:c-1|" + Base64.getEncoder().encodeToString(full));
    }

    @Test
    void anInputRecordNeitherRepartitionedNorDeadLetteredIsLost() {
        final byte[] full = fullWithPhone();
        final byte[] stop = stop();
        final String repartition = ConsentStreamsProgress.repartitionTopic(ConsentStreamsApp.APPLICATION_ID);
        final List<ConsumerRecord<String, byte[]>> input = List.of(
                record("consent.events", 0, 0, T.toEpochMilli(), "vet-a:c-1", full),
                record("consent.events", 0, 1, T.toEpochMilli(), "vet-a:c-1", full),
                record("consent.phone-events", 0, 0, T.toEpochMilli(), "vet-a:" + PHONE, stop));
        final Tables none = new Tables(Map.of(), Map.of());

        final ConsentReplayCheck passed = ConsentReplayCheck.of(none, none);
        passed.notRepartitioned(input, List.of(
                record(repartition, 0, 0, T.toEpochMilli(), "vet-a", repartitioned(1, "vet-a:c-1", full)),
                record(repartition, 0, 1, T.toEpochMilli(), "vet-a", repartitioned(1, "vet-a:c-1", full))),
                List.of(record("consent.phone-events.dlq", 0, 0, T.toEpochMilli(), "vet-a:" + PHONE, stop)));
        assertThat(passed.violations()).isEmpty();

        // The same record written twice must be on the repartition topic twice.
        final ConsentReplayCheck lost = ConsentReplayCheck.of(none, none);
        lost.notRepartitioned(input, List.of(
                record(repartition, 0, 0, T.toEpochMilli(), "vet-a", repartitioned(1, "vet-a:c-1", full))), List.of());
        assertThat(lost.violations()).containsOnlyKeys(ConsentReplayCheck.LOST);
        assertThat(lost.violations().get(ConsentReplayCheck.LOST)).hasSize(2)
                .allSatisfy(line -> assertThat(line).doesNotContain(PHONE));
    }

    private byte[] fullWithPhone() {
        return serdes.value(ConsentEvent.class).serializer().serialize("consent.events", ConsentEvent.newBuilder()
                .setEventId("e-1")
                .setTenantId("vet-a")
                .setClientId("c-1")
                .setOccurredAt(T)
                .setActor(STAFF)
                .setChange(SmsLevelRequested.newBuilder()
                        .setLevel(SmsLevel.FULL_TRANSACTIONAL)
                        .setClientRequestedOptIn(false)
                        .setPhone(PHONE)
                        .setTimeZone("Europe/London")
                        .build())
                .setEvidence(null)
                .build());
    }

    private byte[] stop() {
        return serdes.value(PhoneConsentEvent.class).serializer().serialize("consent.phone-events",
                PhoneConsentEvent.newBuilder()
                        .setEventId("twilio-inbound-SM1")
                        .setTenantId("vet-a")
                        .setPhone(PHONE)
                        .setOccurredAt(T.plusSeconds(1))
                        .setKind(PhoneConsentKind.OPT_OUT)
                        .setKeyword("STOP")
                        .setProviderMessageId("SM1")
                        .setRevocationCue(null)
                        .build());
    }

    /** consent-streams' repartition layout (TenantInputSerde): tag, key length, key, source value bytes. */
    private static byte[] repartitioned(final int tag, final String key, final byte[] value) {
        final byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + keyBytes.length + value.length)
                .put((byte) tag).putInt(keyBytes.length).put(keyBytes).put(value).array();
    }

    private static <V> ConsumerRecord<String, V> record(final String topic, final int partition, final long offset,
                                                        final long timestamp, final V value) {
        return record(topic, partition, offset, timestamp, "key-" + offset, value);
    }

    private static <V> ConsumerRecord<String, V> record(final String topic, final int partition, final long offset,
                                                        final long timestamp, final String key, final V value) {
        return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME, -1, -1,
                key, value, new RecordHeaders(), Optional.empty());
    }
}
