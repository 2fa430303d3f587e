package io.optgate.faults;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The clients of a run, each in one consent group, all seeded. Every client has its own mobile
 * number and a time zone where it is daytime during the run, so quiet hours hold nothing back.
 */
final class Population {

    /** What happens to a client's consent during the run. */
    enum Group {
        /** Full Transactional before the traffic, never changed. */
        STEADY,
        /** Full Transactional, then its number texts STOP before the traffic. */
        STOPPED,
        /** Full Transactional; its number texts STOP and START during the run. */
        KEYWORDS,
        /** Staff move it between Full and Basic Transactional during the run. */
        LEVELS,
        /** Marketing requested before the traffic (pending); its number texts YES during the run. */
        AWAITING_YES
    }

    /** One client. */
    record Client(String tenantId, String clientId, String phone, Group group) {
        String key() {
            return tenantId + ":" + clientId;
        }

        String phoneKey() {
            return tenantId + ":" + phone;
        }
    }

    private static final List<String> TENANTS = List.of("vet-faults-a", "vet-faults-b");
    private static final List<String> DAYTIME_CANDIDATES = List.of("Pacific/Honolulu", "America/Los_Angeles",
            "America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Asia/Dubai", "Asia/Kolkata",
            "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland");

    private final List<Client> clients;
    private final String timeZone;

    private Population(final List<Client> clients, final String timeZone) {
        this.clients = clients;
        this.timeZone = timeZone;
    }

    static Population of(final int count, final Random random, final Instant now) {
        final List<Client> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int roll = random.nextInt(100);
            final Group group = roll < 40 ? Group.STEADY
                    : roll < 52 ? Group.STOPPED
                    : roll < 74 ? Group.KEYWORDS
                    : roll < 88 ? Group.LEVELS
                    : Group.AWAITING_YES;
            final String phone = String.format(Locale.ROOT, "+447700%06d", i);
            clients.add(new Client(TENANTS.get(i % TENANTS.size()), String.format(Locale.ROOT, "c-%05d", i), phone, group));
        }
        return new Population(List.copyOf(clients), daytimeZone(now));
    }

    /** A zone where it is between 9:00 and 15:00 now, so a run of hours stays inside 8:00-21:00. */
    private static String daytimeZone(final Instant now) {
        for (final String zone : DAYTIME_CANDIDATES) {
            final int hour = ZonedDateTime.ofInstant(now, ZoneId.of(zone)).getHour();
            if (hour >= 9 && hour < 15) {
                return zone;
            }
        }
        throw new IllegalStateException("no candidate zone has daytime at " + now);
    }

    List<Client> clients() {
        return clients;
    }

    String timeZone() {
        return timeZone;
    }
}
