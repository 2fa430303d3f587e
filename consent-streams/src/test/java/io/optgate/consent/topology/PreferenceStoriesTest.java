package io.optgate.consent.topology;

import io.optgate.consent.rules.ConsentRules;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PreferenceGrant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.optgate.consent.topology.ConsentDriver.START;
import static io.optgate.consent.topology.Records.TENANT;
import static io.optgate.consent.topology.Records.assertNote;
import static io.optgate.consent.topology.Records.clientKey;
import static io.optgate.consent.topology.Records.grant;
import static io.optgate.consent.topology.Records.preference;
import static io.optgate.consent.topology.Records.settings;
import static org.assertj.core.api.Assertions.assertThat;

class PreferenceStoriesTest {

    private static final String ANNA = clientKey("anna");
    private static final Instant T0 = START.minus(Duration.ofHours(1));

    @TempDir
    Path stateDir;
    private ConsentDriver kit;

    @BeforeEach
    void start() {
        kit = new ConsentDriver(stateDir);
        kit.settings.pipeInput(TENANT, settings(true, 30, null, T0), T0);
        kit.settings.pipeInput(TENANT + ":newsletter", preference("newsletter", "Newsletter", true, true, T0, Channel.SMS, Channel.EMAIL), T0);
        kit.settings.pipeInput(TENANT + ":legal", preference("legal", "Legal notices", true, false, T0, Channel.LETTER), T0);
        kit.settings.pipeInput(TENANT + ":offers-2025", preference("offers-2025", "Offers 2025", false, true, T0, Channel.SMS), T0);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void aGrantWithoutExpiryGetsThePracticesDefaultValidityAndExpiresOnTheClockWithANote() {
        kit.events.pipeInput(ANNA, grant("e-1", "anna", "newsletter", Channel.SMS, true, null, START), START);

        final Instant until = START.plus(Duration.ofDays(30));
        final TestRecord<String, ConsentState> granted = kit.states.readRecord();
        assertThat(granted.getRecordTime()).isEqualTo(START);
        assertThat(granted.value().getPreferences().get("newsletter").get("SMS")).isEqualTo(new PreferenceGrant(true, until, START));
        assertNote(kit.notes.readRecord(), ANNA, START, NoteKind.PREFERENCE_CHANGED, null, null,
                "Dr. Jane Smith granted consent for \"Newsletter\" by SMS until 2026-04-01T09:00:00Z.");
        kit.assertNoMoreRecords();

        kit.advanceWallClock(Duration.ofDays(29));
        kit.assertNoMoreRecords();
        kit.advanceWallClock(Duration.ofDays(1).plusSeconds(10));

        final TestRecord<String, ConsentState> expired = kit.states.readRecord();
        assertThat(expired.getRecordTime()).isEqualTo(until);
        assertThat(expired.value().getPreferences().get("newsletter").get("SMS").getGranted()).isFalse();
        assertThat(expired.value().getUpdatedBy()).isEqualTo(ConsentRules.OPTGATE);
        assertNote(kit.notes.readRecord(), ANNA, until, NoteKind.PREFERENCE_EXPIRED, null, null,
                "Consent for \"Newsletter\" by SMS expired.");
        kit.assertNoMoreRecords();
    }

    @Test
    void aFixedPreferenceRefusesPerClientChanges() {
        kit.events.pipeInput(ANNA, grant("e-1", "anna", "legal", Channel.LETTER, false, null, START), START);

        assertThat(kit.notes.readValue().getText())
                .isEqualTo("A change by Dr. Jane Smith was refused: the communication preference \"Legal notices\" is fixed and cannot be changed per client.");
        kit.assertNoMoreRecords();
    }

    @Test
    void anArchivedPreferenceRefusesGrants() {
        kit.events.pipeInput(ANNA, grant("e-1", "anna", "offers-2025", Channel.SMS, true, null, START), START);

        assertThat(kit.notes.readValue().getKind()).isEqualTo(NoteKind.REJECTED);
        kit.assertNoMoreRecords();
        assertThat(ProcessedEvent.decode(kit.processedStore().get(ConsentStores.processedEventKey(TENANT, "e-1"))).rejection())
                .map(rejection -> rejection.code().name()).contains("PREFERENCE_ARCHIVED");
    }

    @Test
    void anUnknownPreferenceIsRefused() {
        kit.events.pipeInput(ANNA, grant("e-1", "anna", "nope", Channel.SMS, true, null, START), START);

        assertThat(kit.notes.readValue().getText())
                .isEqualTo("A change by Dr. Jane Smith was refused: the practice has no communication preference \"nope\".");
        kit.assertNoMoreRecords();
    }

    @Test
    void switchingPreferencesOffRefusesGrantsAndDeletingADefinitionForgetsIt() {
        kit.settings.pipeInput(TENANT, settings(false, 30, null, START), START);
        kit.events.pipeInput(ANNA, grant("e-1", "anna", "newsletter", Channel.SMS, true, null, START), START);

        assertThat(ProcessedEvent.decode(kit.processedStore().get(ConsentStores.processedEventKey(TENANT, "e-1"))).rejection())
                .map(rejection -> rejection.code().name()).contains("COMMUNICATION_PREFERENCES_DISABLED");

        kit.settings.pipeInput(TENANT, settings(true, 30, null, START), START);
        kit.settings.pipeInput(TENANT + ":newsletter", null, START);
        kit.events.pipeInput(ANNA, grant("e-2", "anna", "newsletter", Channel.SMS, true, null, START), START);

        assertThat(ProcessedEvent.decode(kit.processedStore().get(ConsentStores.processedEventKey(TENANT, "e-2"))).rejection())
                .map(rejection -> rejection.code().name()).contains("UNKNOWN_PREFERENCE");
    }
}
