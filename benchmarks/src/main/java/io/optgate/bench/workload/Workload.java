package io.optgate.bench.workload;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ContactChanged;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The synthetic practices, clients and message requests of a benchmark run, generated once from a
 * fixed seed and serialized once (Confluent wire format, the apps' own serdes), so that producing
 * them costs only the network and the broker.
 *
 * <p>The mix is meant to look like a day of practice traffic: most clients have a phone on record
 * and FULL_TRANSACTIONAL or BASIC_TRANSACTIONAL consent, some opted out or marketing; most requests
 * are transactional SMS, some e-mail and letters, some name a communication preference, and a few
 * are duplicates, addressed to another number, for clients never seen, or invalid, so that every
 * common decision path is taken.
 */
public final class Workload {

    /** The preference every practice defines and most requests with a preference name. */
    public static final String PREFERENCE_ID = "vaccination-reminders";

    private static final long SEED = 20_240_601L;
    private static final Actor FRONT_DESK = new Actor(ActorType.STAFF, "u-frontdesk", "Front desk");
    private static final String[] PETS = {"Bella", "Max", "Luna", "Charlie", "Milo", "Daisy", "Rocky", "Coco", "Oscar", "Nala"};
    private static final String[] TEMPLATES = {
        "Hi from %s: %s's prescription is ready for pick-up. Reply STOP to opt out.",
        "%s reminder: %s is due for a refill of their medication this week. Call us or order online.",
        "%s: your order for %s has shipped and should arrive within two working days. Thank you!",
        "%s: 20%% off dental checks for %s this month. Book online or call the front desk. Reply STOP to opt out.",
        "%s: %s's annual vaccination is due. Reply YES to confirm the appointment we suggested.",
    };

    private final ContractTopics topics;
    private final int tenants;
    private final int clients;
    private final Instant consentTime;
    private final SmsLevel[] levels;
    private final boolean[] hasPhone;

    private Workload(final ContractTopics topics, final int tenants, final int clients, final Instant now) {
        this.topics = topics;
        this.tenants = tenants;
        this.clients = clients;
        this.consentTime = now.minus(Duration.ofHours(1));
        this.levels = new SmsLevel[clients];
        this.hasPhone = new boolean[clients];
        final Random random = new Random(SEED);
        for (int i = 0; i < clients; i++) {
            final int roll = random.nextInt(100);
            levels[i] = roll < 5 ? SmsLevel.OPTED_OUT
                    : roll < 45 ? SmsLevel.BASIC_TRANSACTIONAL
                    : roll < 80 ? SmsLevel.FULL_TRANSACTIONAL
                    : SmsLevel.MARKETING;
            hasPhone[i] = random.nextInt(100) < 95;
        }
    }

    /**
     * A workload of {@code clients} clients spread over {@code tenants} practices, consent recorded
     * one hour before {@code now}.
     */
    public static Workload of(final ContractTopics topics, final int tenants, final int clients, final Instant now) {
        return new Workload(topics, tenants, clients, now);
    }

    /** The practice of client {@code index}. */
    public String tenantOf(final int index) {
        return tenantId(index % tenants);
    }

    /** {@code practice-007} for practice 7. */
    public static String tenantId(final int tenant) {
        return String.format(Locale.ROOT, "practice-%03d", tenant);
    }

    /** {@code client-42} for client 42. */
    public static String clientId(final int index) {
        return "client-" + index;
    }

    /** The client's mobile number: {@code +1555} and seven digits. */
    public static String phoneOf(final int index) {
        return String.format(Locale.ROOT, "+1555%07d", index % 10_000_000);
    }

    /** The client key {@code <tenantId>:<clientId>} of client {@code index}. */
    public String clientKey(final int index) {
        return Identifiers.clientKey(tenantOf(index), clientId(index));
    }

    /** The UTF-8 client key of {@code request}. */
    public byte[] clientKeyBytes(final MessageRequest request) {
        return Identifiers.clientKey(request.getTenantId(), request.getClientId()).getBytes(StandardCharsets.UTF_8);
    }

    /** How many clients have a row in {@code consent.state}. */
    public int clients() {
        return clients;
    }

    /** Per practice: its communication settings (preferences on) and the vaccination-reminders preference. */
    public List<Prepared> settings() {
        final Serializer<ConsentSetting> serializer = topics.consentSettings().valueSerde().serializer();
        final String topic = topics.consentSettings().name();
        final List<Prepared> records = new ArrayList<>(2 * tenants);
        for (int t = 0; t < tenants; t++) {
            final String tenant = tenantId(t);
            final ConsentSetting communication = ConsentSetting.newBuilder()
                    .setTenantId(tenant)
                    .setSetting(CommunicationSettings.newBuilder()
                            .setEnabled(true)
                            .setDefaultValidityDays(365)
                            .setGuidelines("Ask the client before recording consent.")
                            .setSmsFrom(String.format(Locale.ROOT, "+1555999%04d", t))
                            .setMarketingConfirmationText("Reply YES to receive offers from us.")
                            .setHelpText("Call the front desk for help.")
                            .build())
                    .setUpdatedAt(consentTime)
                    .setUpdatedBy(FRONT_DESK)
                    .build();
            records.add(Prepared.of(tenant, serializer.serialize(topic, communication), consentTime));
            final ConsentSetting preference = ConsentSetting.newBuilder()
                    .setTenantId(tenant)
                    .setSetting(PreferenceDefinition.newBuilder()
                            .setPreferenceId(PREFERENCE_ID)
                            .setName("Vaccination reminders")
                            .setChannels(List.of(Channel.SMS, Channel.EMAIL))
                            .setActive(true)
                            .setEditable(true)
                            .setDescription("Reminders when a vaccination is due.")
                            .setDescriptionDisplay(DescriptionDisplay.SHOW_ON_HOVER)
                            .build())
                    .setUpdatedAt(consentTime)
                    .setUpdatedBy(FRONT_DESK)
                    .build();
            records.add(Prepared.of(Identifiers.preferenceKey(tenant, PREFERENCE_ID), serializer.serialize(topic, preference), consentTime));
        }
        return records;
    }

    /** One {@code consent.state} row per client, as consent-streams would have written it. */
    public List<Prepared> consentStates() {
        final Serializer<ConsentState> serializer = topics.consentState().valueSerde().serializer();
        final String topic = topics.consentState().name();
        final Random random = new Random(SEED + 1);
        final List<Prepared> records = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            final boolean granted = random.nextInt(100) < 60;
            final Map<String, Map<String, PreferenceGrant>> preferences = granted
                    ? Map.of(PREFERENCE_ID, Map.of(Channel.SMS.name(), new PreferenceGrant(true, consentTime.plus(Duration.ofDays(365)), consentTime)))
                    : Map.of();
            final ConsentState state = ConsentState.newBuilder()
                    .setTenantId(tenantOf(i))
                    .setClientId(clientId(i))
                    .setPhone(hasPhone[i] ? phoneOf(i) : null)
                    .setLevel(levels[i])
                    .setPendingLevel(null)
                    .setPendingSince(null)
                    .setPhoneSuppressed(random.nextInt(100) == 0)
                    .setPreferences(preferences)
                    .setUpdatedAt(consentTime)
                    .setUpdatedBy(FRONT_DESK)
                    .setVersion(1 + random.nextInt(5))
                    .build();
            records.add(Prepared.of(clientKey(i), serializer.serialize(topic, state), consentTime));
        }
        return records;
    }

    /**
     * Two {@code consent.events} per client, as a practice system would send them when its clients
     * are imported: the mobile number, then an SMS level (55 % FULL_TRANSACTIONAL, 20 % MARKETING,
     * which waits for the client's YES and sends a confirmation text, 10 % OPTED_OUT; the other
     * 15 % keep the default and get a second number change instead).
     */
    public List<Prepared> consentEvents() {
        final Serializer<ConsentEvent> serializer = topics.consentEvents().valueSerde().serializer();
        final String topic = topics.consentEvents().name();
        final Random random = new Random(SEED + 3);
        final List<Prepared> records = new ArrayList<>(2 * clients);
        for (int i = 0; i < clients; i++) {
            final String key = clientKey(i);
            final Instant first = consentTime.plusMillis(i);
            records.add(Prepared.of(key, serializer.serialize(topic, new ConsentEvent("ev-" + i + "-1", tenantOf(i), clientId(i), first,
                    FRONT_DESK, new ContactChanged(phoneOf(i), null), null)), first));
            final int roll = random.nextInt(100);
            final Object change = roll < 55 ? new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, null, null)
                    : roll < 75 ? new SmsLevelRequested(SmsLevel.MARKETING, false, null, null)
                    : roll < 85 ? new SmsLevelRequested(SmsLevel.OPTED_OUT, false, null, null)
                    : new ContactChanged(phoneOf(i + clients), null);
            final Instant second = first.plusSeconds(1);
            records.add(Prepared.of(key, serializer.serialize(topic, new ConsentEvent("ev-" + i + "-2", tenantOf(i), clientId(i), second,
                    FRONT_DESK, change, null)), second));
        }
        return records;
    }

    // ---------------------------------------------------------------- the consent outage phase's clients

    /** The client key of outage client {@code k} (a client of its own, not one of the pre-loaded ones). */
    public String outageClientKey(final int k) {
        return Identifiers.clientKey(tenantId(k % tenants), outageClientId(k));
    }

    private static String outageClientId(final int k) {
        return "outage-" + k;
    }

    private static String outagePhone(final int k) {
        return String.format(Locale.ROOT, "+1556%07d", k % 10_000_000);
    }

    /**
     * Two {@code consent.events} per outage client, as its practice records it: its mobile number,
     * then FULL_TRANSACTIONAL; consent-streams turns them into the client's {@code consent.state}.
     */
    public List<Prepared> outageSetup(final int count, final Instant at) {
        final Serializer<ConsentEvent> serializer = topics.consentEvents().valueSerde().serializer();
        final String topic = topics.consentEvents().name();
        final List<Prepared> records = new ArrayList<>(2 * count);
        for (int k = 0; k < count; k++) {
            final String tenant = tenantId(k % tenants);
            records.add(Prepared.of(outageClientKey(k), serializer.serialize(topic, new ConsentEvent("outage-ev-" + k + "-1", tenant,
                    outageClientId(k), at, FRONT_DESK, new ContactChanged(outagePhone(k), null), null)), at));
            final Instant later = at.plusMillis(1);
            records.add(Prepared.of(outageClientKey(k), serializer.serialize(topic, new ConsentEvent("outage-ev-" + k + "-2", tenant,
                    outageClientId(k), later, FRONT_DESK, new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, null, null), null)), later));
        }
        return records;
    }

    /** A STOP (SMS level OPTED_OUT) of outage client {@code k}, recorded at {@code at}. */
    public Prepared outageStop(final int k, final Instant at) {
        final Serializer<ConsentEvent> serializer = topics.consentEvents().valueSerde().serializer();
        final String topic = topics.consentEvents().name();
        return Prepared.of(outageClientKey(k), serializer.serialize(topic, new ConsentEvent("outage-stop-" + k, tenantId(k % tenants),
                outageClientId(k), at, FRONT_DESK, new SmsLevelRequested(SmsLevel.OPTED_OUT, false, null, null), null)), at);
    }

    /** A transactional SMS to outage client {@code k}'s number on record. */
    public MessageRequest outageRequest(final String requestId, final int k, final Instant requestedAt) {
        final String tenant = tenantId(k % tenants);
        return MessageRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setClientId(outageClientId(k))
                .setTo(outagePhone(k))
                .setChannel(Channel.SMS)
                .setCategory(Category.BASIC_TRANSACTIONAL)
                .setPreferenceId(null)
                .setBody(body(tenant, k % PETS.length, 0))
                .setRequestedAt(requestedAt)
                .setExpiresAt(null)
                .setSource("bench-outage")
                .build();
    }

    /**
     * {@code count} message requests, requested at {@code requestedAt}: about 0.5 % repeat an
     * earlier requestId, 0.2 % are invalid, 2 % go to a number not on record and 3 % to clients
     * never seen. The record timestamp is left to the producer (the time of producing).
     */
    public RequestBatch requests(final int count, final Instant requestedAt) {
        final Serializer<MessageRequest> serializer = topics.messageRequests().valueSerde().serializer();
        final String topic = topics.messageRequests().name();
        final Random random = new Random(SEED + 2);
        final List<Prepared> records = new ArrayList<>(count);
        final Map<Category, Integer> categories = new EnumMap<>(Category.class);
        for (int j = 0; j < count; j++) {
            if (j > 0 && random.nextInt(1000) < 5) {
                records.add(records.get(random.nextInt(j)));
                continue;
            }
            final MessageRequest request = request("req-" + j, random, requestedAt);
            categories.merge(request.getCategory(), 1, Integer::sum);
            records.add(Prepared.of(Identifiers.clientKey(request.getTenantId(), request.getClientId()), serializer.serialize(topic, request), null));
        }
        return new RequestBatch(List.copyOf(records), categories);
    }

    /** Requests and how many of each category they hold (duplicates counted once). */
    public record RequestBatch(List<Prepared> records, Map<Category, Integer> categories) {
    }

    /**
     * A valid transactional SMS to a known client with a phone on record, for the latency runs;
     * {@code requestId} must be unique.
     */
    public MessageRequest latencyRequest(final String requestId, final long sequence, final Instant requestedAt) {
        int index = Math.floorMod(sequence * 7919L, clients);
        for (int tries = 0; tries < clients && !hasPhone[index]; tries++) {
            index = (index + 1) % clients;
        }
        return MessageRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenantOf(index))
                .setClientId(clientId(index))
                .setTo(phoneOf(index))
                .setChannel(Channel.SMS)
                .setCategory(sequence % 3 == 0 ? Category.FULL_TRANSACTIONAL : Category.BASIC_TRANSACTIONAL)
                .setPreferenceId(null)
                .setBody(body(tenantOf(index), (int) (sequence % PETS.length), (int) (sequence % 3)))
                .setRequestedAt(requestedAt)
                .setExpiresAt(null)
                .setSource("bench-latency")
                .build();
    }

    private MessageRequest request(final String requestId, final Random random, final Instant requestedAt) {
        final boolean neverSeen = random.nextInt(100) < 3;
        final int index = random.nextInt(clients);
        final String tenant = tenantOf(index);
        final String client = neverSeen ? "walk-in-" + random.nextInt(1_000_000) : clientId(index);
        final int categoryRoll = random.nextInt(100);
        final Category category = categoryRoll < 45 ? Category.BASIC_TRANSACTIONAL
                : categoryRoll < 80 ? Category.FULL_TRANSACTIONAL
                : categoryRoll < 95 ? Category.MARKETING
                : Category.CONSENT_CONFIRMATION;
        final int channelRoll = random.nextInt(100);
        final Channel channel = channelRoll < 85 ? Channel.SMS : channelRoll < 95 ? Channel.EMAIL : Channel.LETTER;
        final int addressRoll = random.nextInt(1000);
        final String to = switch (channel) {
            case SMS, PHONE -> addressRoll < 2 ? "12345"
                    : addressRoll < 22 ? phoneOf(index + 1)
                    : phoneOf(index);
            case EMAIL -> client + "@example.com";
            case LETTER -> "1 High Street, Springfield";
            case UNKNOWN -> "unknown";
        };
        final String preference = random.nextInt(100) < 20 ? PREFERENCE_ID : null;
        final int template = category == Category.MARKETING ? 3 : category == Category.CONSENT_CONFIRMATION ? 4 : random.nextInt(3);
        return MessageRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setClientId(client)
                .setTo(to)
                .setChannel(channel)
                .setCategory(category)
                .setPreferenceId(preference)
                .setBody(body(tenant, random.nextInt(PETS.length), template))
                .setRequestedAt(requestedAt)
                .setExpiresAt(random.nextInt(100) < 10 ? requestedAt.plus(Duration.ofDays(1)) : null)
                .setSource(random.nextBoolean() ? "pms" : "pharmacy")
                .build();
    }

    private static String body(final String tenant, final int pet, final int template) {
        return String.format(Locale.ROOT, TEMPLATES[template], tenant, PETS[pet]);
    }

    /**
     * A record ready to produce.
     *
     * @param key       UTF-8 key bytes
     * @param value     serialized value
     * @param timestamp record timestamp in epoch ms, or null for the time of producing
     */
    public record Prepared(byte[] key, byte[] value, Long timestamp) {

        static Prepared of(final String key, final byte[] value, final Instant timestamp) {
            return new Prepared(key.getBytes(StandardCharsets.UTF_8), value, timestamp == null ? null : timestamp.toEpochMilli());
        }
    }
}
