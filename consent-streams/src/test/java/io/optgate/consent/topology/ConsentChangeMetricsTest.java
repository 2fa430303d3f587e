package io.optgate.consent.topology;

import io.micrometer.core.instrument.Counter;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.PHONE;
import static io.optgate.consent.topology.Records.STAFF;
import static io.optgate.consent.topology.Records.SUPPORT;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.level;
import static org.assertj.core.api.Assertions.assertThat;

class ConsentChangeMetricsTest extends ConsentStories {

    private static final String ANNA = clientKey("anna");
    private static final Instant T1 = START.minus(Duration.ofMinutes(5));
    private static final Instant T2 = START.minus(Duration.ofMinutes(4));

    @Test
    void everyNoteIsCountedByActorTypeAndKind() {
        kit.events.pipeInput(ANNA, level("e-1", "anna", STAFF, SmsLevel.FULL_TRANSACTIONAL, false, PHONE, T1), T1);
        kit.events.pipeInput(ANNA, level("e-2", "anna", SUPPORT, SmsLevel.BASIC_TRANSACTIONAL, false, PHONE, T2), T2);
        // The same event again changes nothing and is not counted.
        kit.events.pipeInput(ANNA, level("e-2", "anna", SUPPORT, SmsLevel.BASIC_TRANSACTIONAL, false, PHONE, T2), T2);

        final long notes = kit.notes.readRecordsToList().size();
        assertThat(changes("staff", "phone_changed")).isEqualTo(1);
        assertThat(changes("staff", "level_changed")).isEqualTo(1);
        assertThat(changes("support", "level_changed")).isEqualTo(1);
        assertThat(kit.meters.find(ConsentProcessor.CHANGES).counters().stream().mapToDouble(Counter::count).sum())
                .as("one count per note written").isEqualTo(notes);
        assertThat(kit.meters.get(ConsentProcessor.CHANGES).counter().getId().getTags())
                .allSatisfy(tag -> assertThat(tag.getValue()).doesNotContain(PHONE));
    }

    private double changes(final String actorType, final String kind) {
        final Counter counter = kit.meters.find(ConsentProcessor.CHANGES).tag("actor_type", actorType).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }
}
