package io.optgate.dispatcher.decision;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A practice "vet1", its client "c1" with phone {@link #PHONE}, and requests to that client. */
final class Fixtures {

    static final String TENANT = "vet1";
    static final String CLIENT = "c1";
    static final String KEY = "vet1:c1";
    static final String PHONE = "+15550001111";
    static final String OTHER_PHONE = "+15550002222";
    static final Instant REQUESTED_AT = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant NOW = REQUESTED_AT.plusSeconds(2);

    private Fixtures() {
    }

    static MessageRequest.Builder request(final Category category) {
        return MessageRequest.newBuilder()
                .setRequestId("r-1")
                .setTenantId(TENANT)
                .setClientId(CLIENT)
                .setTo(PHONE)
                .setChannel(Channel.SMS)
                .setCategory(category)
                .setBody("Your prescription is ready.")
                .setRequestedAt(REQUESTED_AT);
    }

    static ConsentState.Builder consent(final SmsLevel level) {
        return ConsentState.newBuilder()
                .setTenantId(TENANT)
                .setClientId(CLIENT)
                .setPhone(PHONE)
                .setLevel(level)
                .setPhoneSuppressed(false)
                .setPreferences(Map.of())
                .setUpdatedAt(REQUESTED_AT.minusSeconds(3600))
                .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null))
                .setVersion(7L);
    }

    static Map<String, Map<String, PreferenceGrant>> grant(
            final String preferenceId, final Channel channel, final boolean granted, final Instant validUntil) {
        return Map.of(preferenceId, Map.of(channel.name(), new PreferenceGrant(granted, validUntil, REQUESTED_AT.minusSeconds(60))));
    }

    static CommunicationSettings settings(final boolean enabled) {
        return CommunicationSettings.newBuilder().setEnabled(enabled).build();
    }

    static PreferenceDefinition preference(final String preferenceId, final boolean active, final Channel... channels) {
        return PreferenceDefinition.newBuilder()
                .setPreferenceId(preferenceId)
                .setName("Newsletter")
                .setChannels(List.of(channels))
                .setActive(active)
                .setEditable(true)
                .setDescriptionDisplay(DescriptionDisplay.SHOW_ON_HOVER)
                .build();
    }

    static DecisionInput input(final MessageRequest request, final ClientConsent consent) {
        return new DecisionInput(KEY, request, consent, PhoneStatus.CLEAR, Optional.empty(), Optional.empty(), NOW);
    }

    static DecisionInput input(
            final MessageRequest request,
            final ClientConsent consent,
            final PhoneStatus phone,
            final CommunicationSettings settings,
            final PreferenceDefinition preference) {
        return new DecisionInput(KEY, request, consent, phone, Optional.ofNullable(settings), Optional.ofNullable(preference), NOW);
    }
}
