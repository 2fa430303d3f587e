package io.optgate.dispatcher.twilio;

import io.optgate.schema.DeliveryStatus;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a message has got, and the rule that a status never moves backwards: Twilio's callbacks
 * arrive in any order (a late "sent" after "delivered" is common), and the sender's own QUEUED can
 * reach Kafka after Twilio's first callback. Ranks: QUEUED &lt; SENT &lt; a final status (DELIVERED,
 * UNDELIVERED, FAILED, DRY_RUN); the first final status wins. One exception: the sender's
 * {@value #UNCONFIRMED} failure (the sender stopped or lost Twilio's answer after handing the
 * message over) is provisional, ranked below everything, so any word from Twilio about the message
 * replaces it; the dispatcher's HELD_QUIET_HOURS (nothing handed over yet) ranks lower still. Plain Java.
 *
 * @param status the status reached
 * @param rank   its place in the order
 */
public record DeliveryProgress(DeliveryStatus status, int rank) {

    /** errorCode of the sender's FAILED when it cannot know whether Twilio got the message. */
    public static final String UNCONFIRMED = "OPTGATE_UNCONFIRMED";

    /** Held for quiet hours: not handed to anyone yet, so anything the sender or Twilio says replaces it. */
    private static final int HELD = -1;
    private static final int PROVISIONAL = 0;
    private static final int FINAL = 3;

    /** Fails fast on a missing status. */
    public DeliveryProgress {
        Objects.requireNonNull(status, "status");
    }

    /** The progress a DeliveryEvent with this status and error code stands for. */
    public static DeliveryProgress of(final DeliveryStatus status, final String errorCode) {
        final int rank = switch (status) {
            case HELD_QUIET_HOURS -> HELD;
            case QUEUED -> 1;
            case SENT -> 2;
            case DELIVERED, UNDELIVERED, DRY_RUN, CANCELLED -> FINAL;
            case FAILED -> UNCONFIRMED.equals(errorCode) ? PROVISIONAL : FINAL;
        };
        return new DeliveryProgress(status, rank);
    }

    /** True when an event with {@code next} progress, arriving after this one, moves the message on. */
    public boolean isAdvancedBy(final DeliveryProgress next) {
        return next.rank > rank;
    }

    /** True when nothing later can replace it. */
    public boolean isFinal() {
        return rank == FINAL;
    }

    /**
     * The DeliveryStatus for a Twilio MessageStatus; empty for statuses that say nothing about an
     * outgoing message (receiving, received) or that are not known.
     */
    public static Optional<DeliveryStatus> fromTwilio(final String messageStatus) {
        if (messageStatus == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (messageStatus.strip().toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued", "sending" -> DeliveryStatus.QUEUED;
            case "sent" -> DeliveryStatus.SENT;
            case "delivered", "read" -> DeliveryStatus.DELIVERED;
            case "undelivered", "partially_delivered" -> DeliveryStatus.UNDELIVERED;
            case "failed", "canceled" -> DeliveryStatus.FAILED;
            default -> null;
        });
    }
}
