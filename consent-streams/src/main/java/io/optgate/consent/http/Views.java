package io.optgate.consent.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvidence;
import io.optgate.schema.ConsentMethod;
import io.optgate.schema.FrequencyCapSetting;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON answers of the consent API (times are ISO-8601 UTC strings). */
final class Views {

    private Views() {
    }

    record ActorView(ActorType type, String id, String name) {
        static ActorView of(final Actor actor) {
            return actor == null ? null : new ActorView(actor.getType(), actor.getId(), actor.getName());
        }
    }

    /**
     * {@code GET|PUT .../sms-consent}; {@code pendingUntil} is when an unanswered pending request
     * lapses (its {@code pendingSince} plus the confirmation TTL), so staff can tell the client.
     */
    record SmsConsent(String tenantId, String clientId, String phone, SmsLevel level, SmsLevel pendingLevel,
                      Instant pendingSince, Instant pendingUntil, boolean phoneSuppressed,
                      @JsonProperty("isDefault") boolean isDefault, long version, Instant updatedAt, ActorView updatedBy,
                      String timeZone) {

        static SmsConsent of(final String tenantId, final String clientId, final ConsentState state, final Duration pendingTtl) {
            if (state == null) {
                return new SmsConsent(tenantId, clientId, null, SmsLevel.BASIC_TRANSACTIONAL, null, null, null, false, true, 0L, null, null,
                        null);
            }
            final Instant since = state.getPendingLevel() == null ? null : state.getPendingSince();
            return new SmsConsent(tenantId, clientId, state.getPhone(), state.getLevel(), state.getPendingLevel(),
                    state.getPendingSince(), since == null ? null : since.plus(pendingTtl), state.getPhoneSuppressed(), false,
                    state.getVersion(), state.getUpdatedAt(), ActorView.of(state.getUpdatedBy()), state.getTimeZone());
        }
    }

    /** How consent was given, as the change stated it; null on a note when nothing was stated. */
    record EvidenceView(ConsentMethod method, String policyVersion, String text) {
        static EvidenceView of(final ConsentEvidence evidence) {
            return evidence == null ? null : new EvidenceView(evidence.getMethod(), evidence.getPolicyVersion(), evidence.getText());
        }
    }

    record Note(String noteId, Instant at, ActorView actor, NoteKind kind, SmsLevel previousLevel, SmsLevel newLevel,
                String text, String eventId, EvidenceView evidence) {
        static Note of(final ConsentNote note) {
            return new Note(note.getNoteId(), note.getAt(), ActorView.of(note.getActor()), note.getKind(), note.getPreviousLevel(),
                    note.getNewLevel(), note.getText(), note.getEventId(), EvidenceView.of(note.getEvidence()));
        }
    }

    /** {@code GET .../notes}: newest first. */
    record Notes(String tenantId, String clientId, List<Note> notes) {
    }

    /** {@code GET|PUT .../communication-settings}; {@code frequencyCaps} null: the dispatcher's defaults. */
    record Settings(String tenantId, boolean enabled, Integer defaultValidityDays, String guidelines, String smsFrom,
                    String marketingConfirmationText, String helpText, String practiceName, String stopReplyText,
                    String startReplyText, List<FrequencyCapView> frequencyCaps, String timeZone, String sendingWindowStart,
                    String sendingWindowEnd, Instant updatedAt) {
        static Settings of(final String tenantId, final ConsentSetting setting) {
            if (setting == null || !(setting.getSetting() instanceof CommunicationSettings settings)) {
                return new Settings(tenantId, false, null, null, null, null, null, null, null, null, null, null, null, null, null);
            }
            return new Settings(tenantId, settings.getEnabled(), settings.getDefaultValidityDays(), settings.getGuidelines(),
                    settings.getSmsFrom(), settings.getMarketingConfirmationText(), settings.getHelpText(),
                    settings.getPracticeName(), settings.getStopReplyText(), settings.getStartReplyText(),
                    settings.getFrequencyCaps() == null ? null : settings.getFrequencyCaps().stream().map(FrequencyCapView::of).toList(),
                    settings.getTimeZone(), settings.getSendingWindowStart(), settings.getSendingWindowEnd(), setting.getUpdatedAt());
        }
    }

    /** One of a practice's frequency caps. */
    record FrequencyCapView(String category, int limit, String period) {
        static FrequencyCapView of(final FrequencyCapSetting cap) {
            return new FrequencyCapView(cap.getCategory().name(), cap.getLimit(), cap.getPeriod());
        }
    }

    /** One preference definition. */
    record Preference(String preferenceId, String name, List<Channel> channels, boolean active, boolean editable,
                      String description, DescriptionDisplay descriptionDisplay) {
        static Preference of(final PreferenceDefinition definition) {
            return new Preference(definition.getPreferenceId(), definition.getName(), List.copyOf(definition.getChannels()),
                    definition.getActive(), definition.getEditable(), definition.getDescription(), definition.getDescriptionDisplay());
        }
    }

    /** {@code GET .../communication-preferences}. */
    record Preferences(List<Preference> active, List<Preference> archived) {
    }

    /** A client's grant on one channel; {@code inEffect}: granted, not expired, preference active. */
    record Grant(boolean granted, Instant validUntil, Instant updatedAt, boolean inEffect) {
        static Grant of(final PreferenceGrant grant, final boolean preferenceActive, final Instant now) {
            final boolean unexpired = grant.getValidUntil() == null || grant.getValidUntil().isAfter(now);
            return new Grant(grant.getGranted(), grant.getValidUntil(), grant.getUpdatedAt(),
                    grant.getGranted() && unexpired && preferenceActive);
        }
    }

    /** A client's consent for one preference: by channel name. */
    record ClientPreference(String preferenceId, String name, boolean active, boolean editable, Map<String, Grant> channels) {
    }

    /** {@code GET|PUT .../clients/{c}/communication-preferences}. */
    record ClientPreferences(String tenantId, String clientId, boolean enabled, List<ClientPreference> preferences) {
    }
}
