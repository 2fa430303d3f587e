package io.optgate.consent.rules;

import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;

import java.util.List;
import java.util.Optional;

/**
 * What one input did to one client.
 *
 * @param versions  the new versions of the client's state, oldest first; empty when nothing changed.
 *                  Each version's {@code updatedAt} is the event time its record carries.
 * @param notes     the notes to append to the client's trail, in order
 * @param messages  the texts to request (the marketing confirmation)
 * @param rejection present when the input was refused (its REJECTED note is among {@code notes});
 *                  lapses that were due before the input still count as versions
 */
public record Outcome(List<ConsentState> versions, List<ConsentNote> notes, List<MessageRequest> messages,
                      Optional<Rejection> rejection) {

    /** What happened, from the point of view of whoever sent the input. */
    public enum Result { APPLIED, UNCHANGED, REJECTED }

    public Outcome {
        versions = List.copyOf(versions);
        notes = List.copyOf(notes);
        messages = List.copyOf(messages);
    }

    /** Nothing changed and nothing to record. */
    public static Outcome unchanged() {
        return new Outcome(List.of(), List.of(), List.of(), Optional.empty());
    }

    /** The latest state this outcome produced, if it changed anything. */
    public Optional<ConsentState> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** APPLIED when the input changed the state, REJECTED when it was refused, else UNCHANGED. */
    public Result result() {
        if (rejection.isPresent()) {
            return Result.REJECTED;
        }
        return versions.isEmpty() ? Result.UNCHANGED : Result.APPLIED;
    }
}
