package io.optgate.consent.rules;

import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Channel;
import io.optgate.schema.SmsLevel;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Every sentence of a note, in one place. Sentences name who acted, never a phone number: a note
 * is shown to practice staff and kept for years.
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

    static String quoted(final String text) {
        return "\"" + text + "\"";
    }

    /** A channel named by its {@code Channel} symbol as stored in the state's preference map. */
    static String channel(final String channelName) {
        for (final Channel channel : Channel.values()) {
            if (channel.name().equals(channelName)) {
                return channel(channel);
            }
        }
        return channelName.toLowerCase(Locale.ROOT);
    }

    static String refused(final Actor actor, final String reason) {
        return "A change by " + (actor.getType() == ActorType.CLIENT ? "the client" : who(actor)) + " was refused: " + reason;
    }

    static String pendingWithdrawn(final Actor actor, final SmsLevel level) {
        return who(actor) + " withdrew the pending Marketing request; SMS opt-in stays " + level(level) + ".";
    }

    static String marketingRequested(final Actor actor, final SmsLevel level) {
        return who(actor) + " requested Marketing texts; a confirmation text was sent and SMS opt-in stays "
                + level(level) + " until the client replies YES.";
    }

    /** The note of a new time zone on record (quiet hours use it). */
    static String timeZoneSet(final Actor actor, final String timeZone) {
        return who(actor) + " set the client's time zone to " + timeZone + ".";
    }

    static String phoneChanged(final Actor actor, final boolean added, final boolean removed, final boolean pendingWithdrawn) {
        final String what;
        if (added) {
            what = " added a mobile number.";
        } else if (removed) {
            what = " removed the mobile number.";
        } else {
            what = " changed the mobile number.";
        }
        return who(actor) + what
                + (pendingWithdrawn ? " The pending Marketing request was withdrawn: its confirmation text went to the previous number." : "");
    }

    static String newNumberSuppressed(final SmsLevel level) {
        return "The new mobile number has replied STOP to this practice; "
                + (level == SmsLevel.OPTED_OUT
                ? "SMS opt-in stays Opted Out until the number replies START."
                : "SMS opt-in changed from " + level(level) + " to Opted Out until the number replies START.");
    }

    static String preferenceGranted(final Actor actor, final String name, final Channel channel, final Instant validUntil) {
        return who(actor) + " granted consent for " + quoted(name) + " by " + channel(channel)
                + (validUntil == null ? " with no expiry." : " until " + instant(validUntil) + ".");
    }

    static String preferenceWithdrawn(final Actor actor, final String name, final Channel channel) {
        return who(actor) + " withdrew consent for " + quoted(name) + " by " + channel(channel) + ".";
    }

    static String preferenceExpired(final String name, final String channelName) {
        return "Consent for " + quoted(name) + " by " + channel(channelName) + " expired.";
    }

    /**
     * @param byCarrier     the carrier reported the opt-out
     * @param revocationCue the words of a plain-language revocation that did it, if one did
     * @param keyword       the keyword the client replied otherwise
     */
    static String optedOutByPhone(final boolean byCarrier, final String revocationCue, final String keyword, final SmsLevel level) {
        final String cause = byCarrier
                ? "The carrier reported that the mobile number no longer accepts texts; "
                : revocationCue != null
                ? "The client's text was read as a request to stop texts (\"" + revocationCue + "\"); "
                : "The client replied " + keyword + "; ";
        return cause + (level == SmsLevel.OPTED_OUT
                ? "SMS opt-in stays Opted Out and the number gets no texts from this practice until it replies START."
                : "SMS opt-in changed from " + level(level) + " to Opted Out.");
    }

    static String optedInByPhone(final String keyword, final SmsLevel level, final SmsLevel after) {
        return "The client replied " + keyword + "; " + (after == level
                ? "texts to the mobile number are allowed again and SMS opt-in stays " + level(level) + "."
                : "SMS opt-in changed from " + level(level) + " to " + level(after) + ".");
    }

    static String marketingConfirmed(final String keyword, final SmsLevel level) {
        return "The client replied " + keyword + " to the confirmation text; SMS opt-in changed from "
                + level(level) + " to Marketing.";
    }

    static String marketingLapsed(final Duration ttl, final SmsLevel level) {
        return "The client did not confirm Marketing texts within " + duration(ttl)
                + "; the request lapsed and SMS opt-in stays " + level(level) + ".";
    }
}
