package io.optgate.dispatcher.quiet;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.MessageRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * What the quiet-hours stage emits for one text: the text to route to its outbound topic now, or
 * the delivery event that says it is held or will not go. Lives only between two processors of
 * one sub-topology; never serialized.
 */
record HoldOutcome(Optional<MessageRequest> release, Optional<DeliveryEvent> notice) {

    HoldOutcome {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(notice, "notice");
        if (release.isPresent() == notice.isPresent()) {
            throw new IllegalArgumentException("a text is either released or noticed, not both");
        }
    }

    static HoldOutcome released(final MessageRequest request) {
        return new HoldOutcome(Optional.of(request), Optional.empty());
    }

    static HoldOutcome noticed(final DeliveryEvent event) {
        return new HoldOutcome(Optional.empty(), Optional.of(event));
    }
}
