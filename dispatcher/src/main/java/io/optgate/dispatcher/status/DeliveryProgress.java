package io.optgate.dispatcher.status;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.DeliveryStatus;

/**
 * The order of delivery statuses: QUEUED &lt; SENT &lt; DELIVERED, UNDELIVERED, FAILED (and DRY_RUN,
 * the final status of a dry run). Callbacks arrive out of order; a status never moves backwards.
 */
final class DeliveryProgress {

    private DeliveryProgress() {
    }

    static int rank(final DeliveryStatus status) {
        return switch (status) {
            case QUEUED -> 1;
            case SENT -> 2;
            case DELIVERED, UNDELIVERED, FAILED, DRY_RUN -> 3;
        };
    }

    /**
     * Whether {@code next} replaces {@code current}: a later stage always does; within the same
     * stage the event that happened later does (a retry's outcome, or the provider correcting
     * itself); an earlier stage never does.
     */
    static boolean supersedes(final DeliveryEvent next, final DeliveryEvent current) {
        if (current == null) {
            return true;
        }
        final int nextRank = rank(next.getStatus());
        final int currentRank = rank(current.getStatus());
        if (nextRank != currentRank) {
            return nextRank > currentRank;
        }
        return next.getAt().isAfter(current.getAt());
    }
}
