package io.optgate.dispatcher.sender;

import java.time.Instant;

/** A retry waiting for its time. */
record Scheduled(Instant dueAt, Pending pending) {
}
