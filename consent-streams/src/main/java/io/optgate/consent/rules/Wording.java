package io.optgate.consent.rules;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Channel;
import io.optgate.schema.SmsLevel;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The readable parts of notes. Sentences name who acted, never a phone number: a note is shown
 * to practice staff and kept for years.
 */
final class Wording {

    private Wording() {
    }

    /** How the actor appears at the start of a sentence; support is always just "Support". */
    static String who(final Actor actor) {
        return switch (actor.getType()) {
            case SUPPORT -> "Support";
            case CLIENT -> "The client";
            case SYSTEM -> "optgate";
            case STAFF -> actor.getName() != null && !actor.getName().isBlank()
                    ? actor.getName().strip()
                    : "Staff member " + actor.getId();
        };
    }

    static String level(final SmsLevel level) {
        return switch (level) {
            case OPTED_OUT -> "Opted Out";
            case BASIC_TRANSACTIONAL -> "Basic Transactional";
            case FULL_TRANSACTIONAL -> "Full Transactional";
            case MARKETING -> "Marketing";
        };
    }

    static String channel(final Channel channel) {
        return switch (channel) {
            case SMS -> "SMS";
            case EMAIL -> "email";
            case LETTER -> "letter";
            case PHONE -> "phone";
            case UNKNOWN -> "an unknown channel";
        };
    }

    static String instant(final Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** A duration as people say it ("7 days", "12 hours", "90 minutes"), ISO-8601 otherwise. */
    static String duration(final Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return duration.toString();
        }
        if (duration.toDaysPart() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return plural(duration.toDays(), "day");
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return plural(duration.toHours(), "hour");
        }
        if (duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
            return plural(duration.toMinutes(), "minute");
        }
        if (duration.equals(Duration.ofSeconds(duration.getSeconds()))) {
            return plural(duration.getSeconds(), "second");
        }
        return duration.toString();
    }

    private static String plural(final long count, final String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    static String levelChanged(final Actor actor, final SmsLevel from, final SmsLevel to, final boolean atClientsRequest) {
        return who(actor) + " changed SMS opt-in from " + level(from) + " to " + level(to)
                + (atClientsRequest && actor.getType() != ActorType.CLIENT ? " at the client's request." : ".");
    }
}
