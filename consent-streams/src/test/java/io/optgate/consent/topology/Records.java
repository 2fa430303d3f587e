package io.optgate.consent.topology;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.apache.kafka.streams.test.TestRecord;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Readable records for the topology stories. */
final class Records {

    static final String TENANT = "happy-paws";
    static final String OTHER_TENANT = "city-vets";
    static final String PHONE = "+15550100001";
    static final String OTHER_PHONE = "+15550100002";
    static final Actor STAFF = new Actor(ActorType.STAFF, "u-17", "Dr. Jane Smith");
    static final Actor SUPPORT = new Actor(ActorType.SUPPORT, "support-key-1", null);

    private Records() {
    }

    static String clientKey(final String clientId) {
        return TENANT + ":" + clientId;
    }

    static String phoneKey(final String phone) {
        return TENANT + ":" + phone;
    }

    static ConsentEvent level(final String eventId, final String clientId, final Actor actor, final SmsLevel level,
                              final boolean clientRequestedOptIn, final String phone, final Instant at) {
        return new ConsentEvent(eventId, TENANT, clientId, at, actor, new SmsLevelRequested(level, clientRequestedOptIn, phone, null), null);
    }

    static ConsentEvent contact(final String eventId, final String tenantId, final String clientId, final String phone, final Instant at) {
        return new ConsentEvent(eventId, tenantId, clientId, at, STAFF, new ContactChanged(phone, null), null);
    }

    static ConsentEvent grant(final String eventId, final String clientId, final String preferenceId, final Channel channel,
                              final boolean granted, final Instant validUntil, final Instant at) {
        return new ConsentEvent(eventId, TENANT, clientId, at, STAFF,
                new PreferenceConsentChanged(preferenceId, channel, granted, validUntil), null);
    }

    static PhoneConsentEvent signal(final String eventId, final String tenantId, final String phone, final PhoneConsentKind kind,
                                    final String keyword, final Instant at) {
        return new PhoneConsentEvent(eventId, tenantId, phone, at, kind, keyword, "SM" + eventId, null);
    }

    static ConsentSetting settings(final boolean enabled, final Integer defaultValidityDays, final String confirmationText, final Instant at) {
        return new ConsentSetting(TENANT, new CommunicationSettings(enabled, defaultValidityDays, "Ask first.", "+15550199999",
                confirmationText, "Reply STOP to stop.", null, null, null, null, null, null, null), at, STAFF);
    }

    static ConsentSetting preference(final String preferenceId, final String name, final boolean active, final boolean editable,
                                     final Instant at, final Channel... channels) {
        return new ConsentSetting(TENANT, new PreferenceDefinition(preferenceId, name, List.of(channels), active, editable,
                "What we send.", DescriptionDisplay.SHOW_FULL_TEXT), at, STAFF);
    }

    /** Asserts a note record: key, record time, kind, levels and text. */
    static void assertNote(final TestRecord<String, ConsentNote> record, final String key, final Instant at, final NoteKind kind,
                           final SmsLevel previous, final SmsLevel next, final String text) {
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.getRecordTime()).isEqualTo(at);
        final ConsentNote note = record.value();
        assertThat(note.getAt()).isEqualTo(at);
        assertThat(note.getKind()).isEqualTo(kind);
        assertThat(note.getPreviousLevel()).isEqualTo(previous);
        assertThat(note.getNewLevel()).isEqualTo(next);
        assertThat(note.getText()).isEqualTo(text);
    }
}
