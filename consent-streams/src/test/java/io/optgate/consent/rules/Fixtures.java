package io.optgate.consent.rules;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Readable builders for the rules' inputs. */
final class Fixtures {

    static final String TENANT = "vet-1";
    static final String CLIENT = "client-7";
    static final String PHONE = "+15550100001";
    static final String OTHER_PHONE = "+15550100002";
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    static final Actor STAFF = new Actor(ActorType.STAFF, "u-17", "Dr. Jane Smith");
    static final Actor SUPPORT = new Actor(ActorType.SUPPORT, "support-key-1", "Alex at the help desk");
    static final Actor CLIENT_ACTOR = new Actor(ActorType.CLIENT, CLIENT, null);
    static final Actor SYSTEM = new Actor(ActorType.SYSTEM, "somebody", "Pretending to be optgate");

    static final ConsentRules RULES = new ConsentRules(Duration.ofDays(7));

    private static final AtomicInteger IDS = new AtomicInteger();

    private Fixtures() {
    }

    static Actor actor(final ActorType type) {
        return switch (type) {
            case STAFF -> STAFF;
            case SUPPORT -> SUPPORT;
            case CLIENT -> CLIENT_ACTOR;
            case SYSTEM -> SYSTEM;
        };
    }

    static ConsentEvent event(final Actor actor, final Instant at, final Object change) {
        return new ConsentEvent("e-" + IDS.incrementAndGet(), TENANT, CLIENT, at, actor, change, null);
    }

    static ConsentEvent level(final Actor actor, final SmsLevel level) {
        return event(actor, T0, new SmsLevelRequested(level, false, null, null));
    }

    static ConsentEvent level(final Actor actor, final SmsLevel level, final boolean clientRequestedOptIn, final Instant at) {
        return event(actor, at, new SmsLevelRequested(level, clientRequestedOptIn, null, null));
    }

    static ConsentEvent levelWithPhone(final Actor actor, final SmsLevel level, final String phone, final Instant at) {
        return event(actor, at, new SmsLevelRequested(level, false, phone, null));
    }

    static ConsentEvent contact(final Actor actor, final String phone, final Instant at) {
        return event(actor, at, new ContactChanged(phone, null));
    }

    static ConsentEvent grant(final Actor actor, final String preferenceId, final Channel channel, final boolean granted,
                              final Instant validUntil, final Instant at) {
        return event(actor, at, new PreferenceConsentChanged(preferenceId, channel, granted, validUntil));
    }

    static PhoneConsentEvent signal(final PhoneConsentKind kind, final String keyword, final Instant at) {
        return new PhoneConsentEvent("p-" + IDS.incrementAndGet(), TENANT, PHONE, at, kind, keyword, "SM123", null);
    }

    /** A client with {@link #PHONE} on record at the given level, version 3, last changed at T0 - 1 day. */
    static ConsentState client(final SmsLevel level) {
        return ConsentState.newBuilder(ConsentRules.initialState(TENANT, CLIENT, T0.minus(Duration.ofDays(1))))
                .setPhone(PHONE)
                .setLevel(level)
                .setUpdatedBy(STAFF)
                .setVersion(3L)
                .build();
    }

    static ConsentState pendingMarketing(final SmsLevel level, final Instant since) {
        return ConsentState.newBuilder(client(level)).setPendingLevel(SmsLevel.MARKETING).setPendingSince(since).build();
    }

    static CommunicationSettings settings(final boolean enabled, final Integer defaultValidityDays, final String confirmationText) {
        return new CommunicationSettings(enabled, defaultValidityDays, "Ask before you tick.", "+15550199999",
                confirmationText, "Reply STOP to stop.", null, null, null, null, null, null, null);
    }

    static PreferenceDefinition preference(final String id, final String name, final boolean active, final boolean editable,
                                           final Channel... channels) {
        return new PreferenceDefinition(id, name, List.of(channels), active, editable, "What we send.", DescriptionDisplay.SHOW_ON_HOVER);
    }

    static Practice practice(final CommunicationSettings settings, final PreferenceDefinition... definitions) {
        final Map<String, PreferenceDefinition> byId = new HashMap<>();
        for (final PreferenceDefinition definition : definitions) {
            byId.put(definition.getPreferenceId(), definition);
        }
        return new Practice(Optional.ofNullable(settings), Map.copyOf(byId));
    }

    /** Notes are shown to staff and kept for years: no phone number may ever appear in one. */
    static void assertNoPhoneNumbers(final List<ConsentNote> notes) {
        for (final ConsentNote note : notes) {
            assertThat(note.getText()).doesNotContainPattern("\\+?[0-9]{7,}");
        }
    }
}
