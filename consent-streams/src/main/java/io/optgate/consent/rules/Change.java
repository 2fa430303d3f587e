package io.optgate.consent.rules;

import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The edits of one version in the making: the state builder, its notes and the texts it requests. */
final class Change {

    /** A note before it gets its id, time and actor (those come when the version is committed). */
    record NoteDraft(NoteKind kind, SmsLevel previous, SmsLevel next, String text) {
    }

    final ConsentState.Builder builder;
    private final Instant notBefore;
    final List<NoteDraft> notes = new ArrayList<>();
    final List<MessageRequest> messages = new ArrayList<>();

    Change(final ConsentState base) {
        this.builder = ConsentState.newBuilder(base);
        this.notBefore = base.getUpdatedAt();
    }

    void note(final NoteKind kind, final SmsLevel previous, final SmsLevel next, final String text) {
        notes.add(new NoteDraft(kind, previous, next, text));
    }

    void message(final MessageRequest request) {
        messages.add(request);
    }

    void clearPending() {
        builder.setPendingLevel(null).setPendingSince(null);
    }

    void putGrant(final String preferenceId, final String channel, final PreferenceGrant grant) {
        final Map<String, Map<String, PreferenceGrant>> preferences = new HashMap<>();
        builder.getPreferences().forEach((id, channels) -> preferences.put(id, new HashMap<>(channels)));
        preferences.computeIfAbsent(preferenceId, id -> new HashMap<>()).put(channel, grant);
        builder.setPreferences(preferences);
    }

    /** The time a version made at {@code at} carries: never before the version it follows. */
    Instant time(final Instant at) {
        return at.isBefore(notBefore) ? notBefore : at;
    }
}
