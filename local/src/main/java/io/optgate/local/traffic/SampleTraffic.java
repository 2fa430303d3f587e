package io.optgate.local.traffic;

import io.optgate.platform.contract.Identifiers;
import io.optgate.local.traffic.SampleRecord.Topic;
import io.optgate.local.traffic.SampleWorld.Client;
import io.optgate.local.traffic.SampleWorld.Practice;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PreferenceConsentChanged;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Function;

/**
 * What a day at a few practices looks like, as records on the contract topics: first the practices'
 * settings, preference definitions and every client's phone number and starting level
 * ({@link #seed}), then, second by second ({@link #tick}), a steady mix of staff, support and client
 * consent changes, preference grants (some expiring within minutes), STOP/START/YES/HELP replies,
 * and message requests of every category, among them invalid ones, duplicates, expired ones and
 * ones sent to a number the practice does not have on record.
 *
 * <p>Plain Java: no Kafka. Deterministic for a given seed and sequence of clock readings. Not
 * thread-safe; one generator thread owns it.
 */
public final class SampleTraffic {

    /** Message requests per second, on average. */
    public static final int REQUESTS_PER_SECOND = 20;
    /** Consent changes per second, on average. */
    public static final int CONSENT_CHANGES_PER_SECOND = 3;

    static final String NEWSLETTER = "newsletter";
    static final String WELLNESS = "wellness-reminders";
    static final String ARCHIVED = "summer-promo-2025";
    /** E-mail is governed by the communication preferences alone, so e-mailed invoices name one. */
    static final String INVOICES = "invoices-by-email";

    // Consent-streams refuses SYSTEM changes from outside (only optgate itself makes them): the
    // practice management system imports as a staff account.
    private static final Actor IMPORT = actor(ActorType.STAFF, "pms-import", "Practice data import");
    private static final Actor SUPPORT = actor(ActorType.SUPPORT, "support-7", "Covetrus Support");
    private static final String[] STAFF = {"Dr. Patel", "Sam (front desk)", "Alex (nurse)", "Dr. Okafor"};
    private static final String[] STOP_WORDS = {"STOP", "Stop", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "stopall"};

    private final SampleWorld world;
    private final Random random;
    private final String runId;
    private final Deque<MessageRequest> recentRequests = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    private final List<String> stoppedPhones = new ArrayList<>();
    private long sequence;
    private long requestsWritten;

    /** A reply due at {@code at}; made when it is due, so that it carries that time. */
    private record Scheduled(Instant at, Function<Instant, SampleRecord> record, long order) implements Comparable<Scheduled> {
        @Override
        public int compareTo(final Scheduled o) {
            final int byTime = at.compareTo(o.at);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    /**
     * @param world  the practices and clients
     * @param seed   random seed; the same seed and clock give the same records
     * @param runId  distinguishes this run's ids from an earlier run's (e.g. the start time in base 36)
     */
    public SampleTraffic(final SampleWorld world, final long seed, final String runId) {
        this.world = Objects.requireNonNull(world, "world");
        this.random = new Random(seed);
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    /** Message requests produced so far by {@link #tick}. */
    public long requestsWritten() {
        return requestsWritten;
    }

    /**
     * The practices' settings and preference definitions, each client's phone number, and a
     * realistic spread of starting levels and grants. Event ids are fixed, so writing the seed
     * twice is one event each (the contract's idempotence).
     */
    public List<SampleRecord> seed(final Instant now) {
        final List<SampleRecord> out = new ArrayList<>();
        for (final Practice practice : world.practices()) {
            out.add(settings(practice, now));
            out.add(preference(practice, NEWSLETTER, "Newsletter and offers", List.of(Channel.SMS, Channel.EMAIL),
                    true, true, "Seasonal offers and clinic news, about twice a month.", now));
            out.add(preference(practice, WELLNESS, "Wellness reminders", List.of(Channel.SMS),
                    true, false, "Vaccination and check-up reminders.", now));
            out.add(preference(practice, ARCHIVED, "Summer promotion 2025", List.of(Channel.SMS),
                    false, true, "Ended.", now));
            out.add(preference(practice, INVOICES, "Invoices by e-mail", List.of(Channel.EMAIL),
                    true, true, "Invoices and receipts sent to the client's e-mail address.", now));
            final Random seedRandom = new Random(practice.tenantId().hashCode());
            for (final Client client : practice.clients()) {
                final String key = key(practice, client);
                final String base = "seed-" + practice.tenantId() + "-" + client.clientId();
                out.add(consent(key, base + "-phone", practice, client, IMPORT, now, new ContactChanged(client.phone(), null)));
                final int roll = seedRandom.nextInt(100);
                if (roll < 50) {
                    out.add(consent(key, base + "-level", practice, client, IMPORT, now,
                            new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, null, null)));
                } else if (roll < 62) {
                    // Marketing needs the client's YES to the confirmation text; most answer soon.
                    out.add(consent(key, base + "-level", practice, client, IMPORT, now,
                            new SmsLevelRequested(SmsLevel.MARKETING, false, null, null)));
                    if (seedRandom.nextInt(100) < 80) {
                        schedule(now.plusSeconds(10 + seedRandom.nextInt(50)),
                                at -> phone(practice, client.phone(), PhoneConsentKind.CONFIRM, "YES", at));
                    }
                } else if (roll < 70) {
                    out.add(consent(key, base + "-level", practice, client, IMPORT, now,
                            new SmsLevelRequested(SmsLevel.OPTED_OUT, false, null, null)));
                }
                if (seedRandom.nextInt(100) < 20) {
                    out.add(consent(key, base + "-grant", practice, client, IMPORT, now,
                            new PreferenceConsentChanged(NEWSLETTER, Channel.SMS, true, now.plus(Duration.ofDays(365)))));
                }
                if (seedRandom.nextInt(100) < 75) {
                    out.add(consent(key, base + "-invoices", practice, client, IMPORT, now,
                            new PreferenceConsentChanged(INVOICES, Channel.EMAIL, true, now.plus(Duration.ofDays(365)))));
                }
            }
        }
        return out;
    }

    /**
     * About one second of traffic at {@code now}: consent changes, replies by text, message
     * requests, and any reply scheduled earlier (a YES to a marketing confirmation) that is due.
     */
    public List<SampleRecord> tick(final Instant now) {
        final List<SampleRecord> out = new ArrayList<>();
        while (!scheduled.isEmpty() && !scheduled.peek().at().isAfter(now)) {
            out.add(scheduled.poll().record().apply(now));
        }
        final int changes = around(CONSENT_CHANGES_PER_SECOND);
        for (int i = 0; i < changes; i++) {
            out.add(consentChange(now));
        }
        if (random.nextInt(100) < 50) {
            out.add(phoneReply(now));
        }
        final int requests = around(REQUESTS_PER_SECOND);
        for (int i = 0; i < requests; i++) {
            out.add(request(now));
            requestsWritten++;
        }
        return out;
    }

    private SampleRecord consentChange(final Instant now) {
        final Practice practice = practice();
        final Client client = client(practice);
        final String key = key(practice, client);
        final String eventId = nextId("ev");
        final Actor staff = actor(ActorType.STAFF, "staff-" + random.nextInt(STAFF.length), STAFF[random.nextInt(STAFF.length)]);
        final int roll = random.nextInt(100);
        if (roll < 28) {
            return consent(key, eventId, practice, client, staff, now, new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, null, null));
        }
        if (roll < 46) {
            // Marketing waits for the client's YES; most clients answer within a minute.
            if (random.nextInt(100) < 60) {
                schedule(now.plusSeconds(5 + random.nextInt(55)), at -> phone(practice, client.phone(), PhoneConsentKind.CONFIRM, "YES", at));
            }
            return consent(key, eventId, practice, client, staff, now, new SmsLevelRequested(SmsLevel.MARKETING, false, null, null));
        }
        if (roll < 54) {
            return consent(key, eventId, practice, client, staff, now, new SmsLevelRequested(SmsLevel.OPTED_OUT, false, null, null));
        }
        if (roll < 62) {
            return consent(key, eventId, practice, client, staff, now, new SmsLevelRequested(SmsLevel.BASIC_TRANSACTIONAL, true, null, null));
        }
        if (roll < 65) {
            // Leaving OPTED_OUT without the client's request: refused, with a REJECTED note.
            return consent(key, eventId, practice, client, staff, now, new SmsLevelRequested(SmsLevel.BASIC_TRANSACTIONAL, false, null, null));
        }
        if (roll < 70) {
            return consent(key, eventId, practice, client, SUPPORT, now, new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, true, null, null));
        }
        if (roll < 75) {
            final Actor self = actor(ActorType.CLIENT, client.clientId(), null);
            return consent(key, eventId, practice, client, self, now, new SmsLevelRequested(SmsLevel.BASIC_TRANSACTIONAL, true, null, null));
        }
        if (roll < 88) {
            // Some grants run out within minutes, so expiries happen while you watch.
            final Duration validity = random.nextInt(100) < 30 ? Duration.ofMinutes(2 + random.nextInt(10)) : Duration.ofDays(180);
            final String preference = random.nextInt(100) < 85 ? NEWSLETTER : WELLNESS;
            return consent(key, eventId, practice, client, staff, now,
                    new PreferenceConsentChanged(preference, Channel.SMS, true, now.plus(validity)));
        }
        if (roll < 95) {
            return consent(key, eventId, practice, client, staff, now, new PreferenceConsentChanged(NEWSLETTER, Channel.SMS, false, null));
        }
        // A new number for the client.
        final String phone = SampleWorld.fictionalNumber(900 + random.nextInt(99), random.nextInt(100));
        return consent(key, eventId, practice, client, staff, now, new ContactChanged(phone, null));
    }

    private SampleRecord phoneReply(final Instant now) {
        final Practice practice = practice();
        final int roll = random.nextInt(100);
        if (roll < 25 && !stoppedPhones.isEmpty()) {
            final String phone = stoppedPhones.remove(random.nextInt(stoppedPhones.size()));
            return phone(practice(phone), phoneOnly(phone), PhoneConsentKind.OPT_IN, random.nextBoolean() ? "START" : "unstop", now);
        }
        final Client client = client(practice);
        if (roll < 60) {
            stoppedPhones.add(practice.tenantId() + "|" + client.phone());
            if (stoppedPhones.size() > 500) {
                stoppedPhones.remove(0);
            }
            return phone(practice, client.phone(), PhoneConsentKind.OPT_OUT, STOP_WORDS[random.nextInt(STOP_WORDS.length)], now);
        }
        if (roll < 68) {
            return phone(practice, client.phone(), PhoneConsentKind.CARRIER_OPT_OUT, null, now);
        }
        if (roll < 88) {
            return phone(practice, client.phone(), PhoneConsentKind.HELP, random.nextBoolean() ? "HELP" : "info", now);
        }
        return phone(practice, client.phone(), PhoneConsentKind.CONFIRM, "yes", now);
    }

    private SampleRecord request(final Instant now) {
        final int roll = random.nextInt(1000);
        if (roll < 20 && !recentRequests.isEmpty()) {
            // The same request again (an upstream retry): DUPLICATE_REQUEST, never a second send.
            final MessageRequest again = pick(new ArrayList<>(recentRequests));
            return new SampleRecord(Topic.MESSAGE_REQUESTS, Identifiers.clientKey(again.getTenantId(), again.getClientId()), again);
        }
        final Practice practice = practice();
        final Client client = client(practice);
        final MessageRequest.Builder b = MessageRequest.newBuilder()
                .setRequestId(nextId("req"))
                .setTenantId(practice.tenantId())
                .setClientId(client.clientId())
                .setTo(client.phone())
                .setChannel(Channel.SMS)
                .setRequestedAt(now)
                .setSource("sample-traffic");
        if (roll < 320) {
            b.setCategory(Category.BASIC_TRANSACTIONAL).setSource("pharmacy")
                    .setBody(client.pet() + "'s new prescription is ready for pickup at " + practice.name() + ".");
        } else if (roll < 620) {
            b.setCategory(Category.FULL_TRANSACTIONAL).setSource(random.nextBoolean() ? "reminders" : "online-store")
                    .setBody(random.nextBoolean()
                            ? "Time to refill " + client.pet() + "'s medication. Reply or call " + practice.name() + "."
                            : "Your order for " + client.pet() + " has shipped.")
                    .setExpiresAt(now.plus(Duration.ofDays(2)));
        } else if (roll < 760) {
            b.setCategory(Category.MARKETING).setSource("marketing")
                    .setBody("15% off dental checks for " + client.pet() + " this month at " + practice.name() + ".");
        } else if (roll < 840) {
            b.setCategory(Category.MARKETING).setPreferenceId(NEWSLETTER).setSource("newsletter")
                    .setBody(practice.name() + " news: new weekend hours.");
        } else if (roll < 890) {
            b.setCategory(Category.FULL_TRANSACTIONAL).setPreferenceId(random.nextInt(4) == 0 ? ARCHIVED : WELLNESS)
                    .setSource("reminders").setBody(client.pet() + " is due for a vaccination.");
        } else if (roll < 900) {
            b.setCategory(Category.CONSENT_CONFIRMATION).setSource("front-desk")
                    .setBody("Reply YES to get offers from " + practice.name() + ".");
        } else if (roll < 920) {
            b.setCategory(Category.BASIC_TRANSACTIONAL).setChannel(Channel.EMAIL).setPreferenceId(INVOICES)
                    .setTo(client.clientId() + "@example.org").setBody("Your invoice from " + practice.name() + ".");
        } else if (roll < 945) {
            // Invalid in one way or another: INVALID_REQUEST, recorded, the pipeline goes on.
            b.setCategory(Category.BASIC_TRANSACTIONAL).setBody(client.pet() + "'s lab results are in.");
            switch (random.nextInt(4)) {
                case 0 -> b.setTo("555-0100");
                case 1 -> b.setBody("");
                case 2 -> b.setCategory(Category.UNKNOWN);
                default -> b.setClientId("bad id!");
            }
        } else if (roll < 965) {
            b.setCategory(Category.FULL_TRANSACTIONAL).setBody("Appointment reminder for " + client.pet() + " today.")
                    .setExpiresAt(now.minus(Duration.ofMinutes(1 + random.nextInt(30))));
        } else if (roll < 980) {
            // A number the practice does not have for this client: PHONE_NOT_ON_RECORD.
            b.setCategory(Category.BASIC_TRANSACTIONAL).setTo(SampleWorld.fictionalNumber(990, random.nextInt(100)))
                    .setBody(client.pet() + "'s prescription is ready.");
        } else {
            // A walk-in the practice has never recorded consent for: the default level applies.
            b.setClientId("walk-in-" + (1 + random.nextInt(9999))).setCategory(Category.BASIC_TRANSACTIONAL)
                    .setTo(SampleWorld.fictionalNumber(998, random.nextInt(100))).setBody("Thanks for visiting " + practice.name() + ".");
        }
        final MessageRequest request = b.build();
        recentRequests.addLast(request);
        if (recentRequests.size() > 200) {
            recentRequests.removeFirst();
        }
        return new SampleRecord(Topic.MESSAGE_REQUESTS, Identifiers.clientKey(request.getTenantId(), request.getClientId()), request);
    }

    private SampleRecord settings(final Practice practice, final Instant now) {
        final CommunicationSettings settings = CommunicationSettings.newBuilder()
                .setEnabled(practice.preferencesOn())
                .setDefaultValidityDays(365)
                .setGuidelines("Ask before ticking a box; note where the client agreed (desk, phone, portal).")
                .setSmsFrom(practice.smsFrom())
                .setMarketingConfirmationText(practice.name() + ": reply YES to receive offers and news by text. Reply STOP to opt out.")
                .setHelpText(practice.name() + ": call us or reply STOP to stop texts. Msg&data rates may apply.")
                .build();
        return new SampleRecord(Topic.CONSENT_SETTINGS, practice.tenantId(),
                new ConsentSetting(practice.tenantId(), settings, now, IMPORT));
    }

    private static SampleRecord preference(final Practice practice, final String id, final String name, final List<Channel> channels,
                                           final boolean active, final boolean editable, final String description, final Instant now) {
        final PreferenceDefinition definition = PreferenceDefinition.newBuilder()
                .setPreferenceId(id).setName(name).setChannels(channels).setActive(active).setEditable(editable)
                .setDescription(description).setDescriptionDisplay(DescriptionDisplay.SHOW_ON_HOVER).build();
        return new SampleRecord(Topic.CONSENT_SETTINGS, Identifiers.preferenceKey(practice.tenantId(), id),
                new ConsentSetting(practice.tenantId(), definition, now, IMPORT));
    }

    private static SampleRecord consent(final String key, final String eventId, final Practice practice, final Client client,
                                        final Actor actor, final Instant now, final Object change) {
        return new SampleRecord(Topic.CONSENT_EVENTS, key, ConsentEvent.newBuilder()
                .setEventId(eventId).setTenantId(practice.tenantId()).setClientId(client.clientId())
                .setOccurredAt(now).setActor(actor).setChange(change).build());
    }

    private SampleRecord phone(final Practice practice, final String phone, final PhoneConsentKind kind, final String keyword,
                               final Instant now) {
        return new SampleRecord(Topic.CONSENT_PHONE_EVENTS, Identifiers.phoneKey(practice.tenantId(), phone), PhoneConsentEvent.newBuilder()
                .setEventId(nextId("sms")).setTenantId(practice.tenantId()).setPhone(phone).setOccurredAt(now)
                .setKind(kind).setKeyword(keyword).setProviderMessageId(kind == PhoneConsentKind.CARRIER_OPT_OUT ? null : nextId("SM"))
                .build());
    }

    private void schedule(final Instant at, final Function<Instant, SampleRecord> record) {
        scheduled.add(new Scheduled(at, record, sequence++));
    }

    private Practice practice() {
        return pick(world.practices());
    }

    private Practice practice(final String tenantAndPhone) {
        final String tenant = tenantAndPhone.substring(0, tenantAndPhone.indexOf('|'));
        return world.practices().stream().filter(p -> p.tenantId().equals(tenant)).findFirst().orElseThrow();
    }

    private static String phoneOnly(final String tenantAndPhone) {
        return tenantAndPhone.substring(tenantAndPhone.indexOf('|') + 1);
    }

    private Client client(final Practice practice) {
        // A few busy clients get most of the traffic, as in real practices.
        final List<Client> clients = practice.clients();
        final int index = random.nextInt(100) < 30 ? random.nextInt(Math.max(1, clients.size() / 20)) : random.nextInt(clients.size());
        return clients.get(index);
    }

    private <T> T pick(final List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private int around(final int mean) {
        return Math.max(0, mean - mean / 4 + random.nextInt(mean / 2 + 1));
    }

    private String nextId(final String prefix) {
        return prefix + "-" + runId + "-" + Long.toString(sequence++, 36);
    }

    private static String key(final Practice practice, final Client client) {
        return Identifiers.clientKey(practice.tenantId(), client.clientId());
    }

    private static Actor actor(final ActorType type, final String id, final String name) {
        return Actor.newBuilder().setType(type).setId(id).setName(name).build();
    }
}
