package io.optgate.consent.rules;

import io.optgate.schema.Actor;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.NoteKind;
import io.optgate.schema.SmsLevel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The state every input family works on: one client's state as it evolves while one input is
 * applied, and the versions, notes and texts that input produces, in order.
 */
final class Trail {

    private ConsentState state;
    private final String seed;
    private final String eventId;
    private final List<ConsentState> versions = new ArrayList<>();
    private final List<ConsentNote> notes = new ArrayList<>();
    private final List<MessageRequest> messages = new ArrayList<>();
    private Rejection rejection;
    private int noteCount;

    /**
     * @param state   the client's state before the input
     * @param seed    what the ids of the input's notes derive from, so that a replay writes the same ids
     * @param eventId the input's id, carried by its notes; null for the clock
     */
    Trail(final ConsentState state, final String seed, final String eventId) {
        this.state = state;
        this.seed = seed;
        this.eventId = eventId;
    }

    /** A trail for an event of {@code consent.events}, from the client's state or the initial one. */
    static Trail forEvent(final Optional<ConsentState> current, final ConsentEvent event) {
        return new Trail(current.orElseGet(
                () -> ConsentRules.initialState(event.getTenantId(), event.getClientId(), event.getOccurredAt())),
                "event:" + event.getTenantId() + ":" + event.getEventId(), event.getEventId());
    }

    ConsentState state() {
        return state;
    }

    Change change() {
        return new Change(state);
    }

    Instant time(final Instant at) {
        return at.isBefore(state.getUpdatedAt()) ? state.getUpdatedAt() : at;
    }

    void commit(final Change change, final Instant at, final Actor actor) {
        commitWithSeed(change, at, actor, seed, eventId);
    }

    void commitWithSeed(final Change change, final Instant at, final Actor actor, final String noteSeed,
                        final String causeId) {
        if (change.notes.isEmpty()) {
            return;
        }
        final Instant time = change.time(at);
        state = change.builder
                .setUpdatedAt(time)
                .setUpdatedBy(actor)
                .setVersion(state.getVersion() + 1)
                .build();
        versions.add(state);
        int index = 0;
        for (final Change.NoteDraft draft : change.notes) {
            final String noteId = noteSeed.equals(seed) ? nameUuid(seed + "#" + noteCount++) : nameUuid(noteSeed + "#" + index++);
            notes.add(note(draft, noteId, time, actor, causeId));
        }
        messages.addAll(change.messages);
    }

    void reject(final ConsentEvent event, final Rejection refused) {
        this.rejection = refused;
        final Actor actor = event.getActor();
        final SmsLevel level = state.getLevel();
        notes.add(note(new Change.NoteDraft(NoteKind.REJECTED, level, level, Wording.refused(actor, refused.reason())),
                nameUuid(seed + "#" + noteCount++), event.getOccurredAt(), actor, event.getEventId()));
    }

    private ConsentNote note(final Change.NoteDraft draft, final String noteId, final Instant at, final Actor actor,
                             final String causeId) {
        return ConsentNote.newBuilder()
                .setNoteId(noteId)
                .setTenantId(state.getTenantId())
                .setClientId(state.getClientId())
                .setAt(at)
                .setActor(actor)
                .setKind(draft.kind())
                .setPreviousLevel(draft.previous())
                .setNewLevel(draft.next())
                .setText(draft.text())
                .setEventId(causeId)
                .build();
    }

    Outcome outcome() {
        return new Outcome(versions, notes, messages, Optional.ofNullable(rejection));
    }

    static String nameUuid(final String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
