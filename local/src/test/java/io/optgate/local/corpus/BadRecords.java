package io.optgate.local.corpus;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClient;
import io.optgate.platform.topics.TopicNames;
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
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static io.optgate.local.corpus.AvroBytes.io;

/**
 * Seeded generator of malformed records for every topic an upstream writes (consent.events,
 * consent.phone-events, consent.settings, message.requests), each with what must become of it,
 * and of valid records mixed in. Every id is unique, so each outcome can be traced to its input.
 */
public final class BadRecords {

    /** The practice the valid traffic belongs to (set up over HTTP before the corpus runs). */
    public static final String TENANT = "corpus-vet";
    /** The practice's sending number. */
    public static final String SMS_FROM = "+15550009999";
    /** Clients set up at FULL_TRANSACTIONAL with {@link #phoneOf}; valid requests go to them. */
    public static final int SET_UP_CLIENTS = 8;

    private static final Actor STAFF = new Actor(ActorType.STAFF, "u-1", "Dr Corpus");
    private static final String[] BAD_IDS = {"", "a b", "x".repeat(65), "vet/1", "v\u00e9t", "vet:1", "a\nb", "\u0000"};
    private static final String[] BAD_PHONES = {"555-0100", "+1", "+1234567", "+1234567890123456", "+1555abc0100",
        "", "15550100111", "+ 15550100111", "\uff0b15550100111", "+15550100111 "};
    private static final long[] HUGE = {Integer.MAX_VALUE, 1L << 40, 100_000_000L, Long.MAX_VALUE / 4, -5, -1L << 33};

    private final Random random;
    private final TopicNames names;
    private final SchemaRegistryClient registry;
    private final Serializer<ConsentEvent> events;
    private final Serializer<PhoneConsentEvent> phoneEvents;
    private final Serializer<ConsentSetting> settings;
    private final Serializer<MessageRequest> requests;
    private final Instant now;
    private int serial;

    /**
     * @param seed     the seed: the same seed, the same corpus
     * @param names    the topic names
     * @param serdes   serdes of the apps' registry (valid records get the contract's schema ids)
     * @param now      the time valid records are dated
     */
    public BadRecords(final long seed, final TopicNames names, final AvroSerdes serdes, final Instant now) {
        this.random = new Random(seed);
        this.names = names;
        this.registry = serdes.registry();
        this.events = serdes.value(ConsentEvent.class).serializer();
        this.phoneEvents = serdes.value(PhoneConsentEvent.class).serializer();
        this.settings = serdes.value(ConsentSetting.class).serializer();
        this.requests = serdes.value(MessageRequest.class).serializer();
        this.now = now;
    }

    /** The phone on record of set-up client {@code k}. */
    public static String phoneOf(final int k) {
        return String.format("+1555010%04d", k);
    }

    /** The id of set-up client {@code k}. */
    public static String setUpClient(final int k) {
        return "c-valid-" + k;
    }

    /** {@code badCount} bad records spread evenly over every kind, and {@code validCount} valid ones, shuffled. */
    public List<CorpusRecord> generate(final int badCount, final int validCount) {
        final List<IntFunction<CorpusRecord>> bad = new ArrayList<>();
        wireKinds(bad, names.consentEvents(), n -> events.serialize(names.consentEvents(), event(n)),
            ConsentEvent.getClassSchema());
        wireKinds(bad, names.consentPhoneEvents(), n -> phoneEvents.serialize(names.consentPhoneEvents(), signal(n)),
            PhoneConsentEvent.getClassSchema());
        wireKinds(bad, names.consentSettings(), n -> settings.serialize(names.consentSettings(), setting(n)),
            ConsentSetting.getClassSchema());
        wireKinds(bad, names.messageRequests(), n -> requests.serialize(names.messageRequests(), request(n)),
            MessageRequest.getClassSchema());
        consentEventKinds(bad);
        phoneEventKinds(bad);
        settingKinds(bad);
        requestKinds(bad);
        final List<IntFunction<CorpusRecord>> valid = validKinds();
        final List<CorpusRecord> out = new ArrayList<>();
        for (int i = 0; i < badCount; i++) {
            out.add(bad.get(i % bad.size()).apply(serial++));
        }
        for (int i = 0; i < validCount; i++) {
            out.add(valid.get(i % valid.size()).apply(serial++));
        }
        Collections.shuffle(out, random);
        return out;
    }

    // --- bytes that are not a readable record, on every topic ------------------------------------

    private interface Bytes {
        byte[] of(int n);
    }

    private void wireKinds(final List<IntFunction<CorpusRecord>> kinds, final String topic, final Bytes valid, final Schema reader) {
        final int unresolvable = registry.register("corpus.unresolvable." + topic + "-value", AvroBytes.withIntId(reader));
        final int unrelated = registry.register("corpus.unrelated-value", Actor.getClassSchema());
        final int recursive = registry.register("corpus.recursive." + topic + "-value", AvroBytes.withRecursiveField(reader));
        kinds.add(n -> {
            final byte[] whole = valid.of(n);
            return bad("truncated Avro", topic, n, Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)),
                new Expect.DeadLetter("CORRUPT_PAYLOAD", "NOT_WIRE_FORMAT"));
        });
        kinds.add(n -> {
            final byte[] bytes = valid.of(n);
            bytes[0] = (byte) (1 + random.nextInt(255));
            return bad("wrong magic byte", topic, n, bytes, new Expect.DeadLetter("NOT_WIRE_FORMAT"));
        });
        kinds.add(n -> bad("not Avro (JSON, text, empty)", topic, n, switch (n % 3) {
            case 0 -> ("{\"eventId\":\"e-" + n + "\",\"tenantId\":\"" + TENANT + "\"}").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("STOP " + n).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        }, new Expect.DeadLetter("NOT_WIRE_FORMAT")));
        kinds.add(n -> bad("unknown schema id", topic, n,
            AvroBytes.wire(1_000_000 + random.nextInt(1_000_000), AvroBytes.body(valid.of(n))), new Expect.DeadLetter("UNKNOWN_SCHEMA_ID")));
        kinds.add(n -> bad("writer schema that does not resolve", topic, n,
            AvroBytes.wire(n % 2 == 0 ? unresolvable : unrelated, AvroBytes.body(valid.of(n))),
            new Expect.DeadLetter("INCOMPATIBLE_SCHEMA")));
        kinds.add(n -> bad("huge declared length", topic, n,
            AvroBytes.withFirstLengthDeclared(valid.of(n), HUGE[n % HUGE.length]), new Expect.DeadLetter("CORRUPT_PAYLOAD")));
        kinds.add(n -> {
            // 60,000 to 80,000 links: deeper than any stream thread's stack, 80 KB at most.
            final byte[] chain = AvroBytes.chain(60_000 + random.nextInt(20_000));
            final byte[] body = AvroBytes.body(valid.of(n));
            final byte[] all = Arrays.copyOf(body, body.length + chain.length);
            System.arraycopy(chain, 0, all, body.length, chain.length);
            return bad("nested deeper than the stack", topic, n, AvroBytes.wire(recursive, all), new Expect.DeadLetter("CORRUPT_PAYLOAD"));
        });
    }

    // --- consent.events: readable, but wrong; a REJECTED note names the event ---------------------

    private void consentEventKinds(final List<IntFunction<CorpusRecord>> kinds) {
        final String topic = names.consentEvents();
        final int newerLevels = registry.register("corpus.enum." + topic + "-value",
            AvroBytes.withExtraSymbol(ConsentEvent.getClassSchema(), "SmsLevel", "PLATINUM"));
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            e.setTenantId(BAD_IDS[n % BAD_IDS.length]);
            return rejected("bad tenant id", e, clientKeyOf(e));
        });
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            e.setClientId(BAD_IDS[n % BAD_IDS.length]);
            return rejected("bad client id", e, clientKeyOf(e));
        });
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            e.setEventId(blank(n));
            return rejected("blank event id", e, clientKeyOf(e));
        });
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            final String phone = BAD_PHONES[n % BAD_PHONES.length];
            e.setChange(n % 2 == 0 ? new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, phone, null) : new ContactChanged(phone, null));
            return rejected("bad phone", e, clientKeyOf(e));
        });
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            e.setActor(n % 2 == 0 ? new Actor(ActorType.SYSTEM, "optgate", null) : new Actor(ActorType.STAFF, " ", null));
            return rejected("SYSTEM or blank actor", e, clientKeyOf(e));
        });
        // A producer's misplacement, not bad content: the event changes the client its value names.
        kinds.add(n -> appliedToItsClient("key of another client", event(n), utf8(Identifiers.clientKey(TENANT, "c-other-" + n))));
        kinds.add(n -> appliedToItsClient("null key", event(n), null));
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            e.setOccurredAt(n % 2 == 0 ? Instant.ofEpochMilli(-1 - random.nextInt(1_000_000)) : now.plus(Duration.ofHours(2 + n % 1000)));
            return rejected("dated before 1970 or hours ahead", e, clientKeyOf(e));
        });
        kinds.add(n -> new CorpusRecord("tombstone (null value)", true, topic, utf8(Identifiers.clientKey(TENANT, "c-bad-" + n)), null,
            new Expect.DeadLetter("INVALID_RECORD")));
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            final byte[] body = AvroBytes.encode(enc -> io(() -> {
                enc.writeString(e.getEventId());
                enc.writeString(e.getTenantId());
                enc.writeString(e.getClientId());
                enc.writeLong(e.getOccurredAt().toEpochMilli());
                enc.writeEnum(ActorType.STAFF.ordinal());
                enc.writeString("u-1");
                enc.writeIndex(0);
                enc.writeIndex(0); // SmsLevelRequested
                enc.writeEnum(SmsLevel.values().length); // PLATINUM: the reader has no such level, and no default
                enc.writeBoolean(false);
                enc.writeIndex(0);
            }));
            return bad("unknown enum symbol", topic, n, AvroBytes.wire(newerLevels, body), new Expect.DeadLetter("INCOMPATIBLE_SCHEMA"));
        });
    }

    private CorpusRecord appliedToItsClient(final String kind, final ConsentEvent e, final byte[] key) {
        return new CorpusRecord(kind, true, names.consentEvents(), key, events.serialize(names.consentEvents(), e),
            new Expect.ConsentLevel(Identifiers.clientKey(TENANT, e.getClientId()), "FULL_TRANSACTIONAL"));
    }

    private CorpusRecord rejected(final String kind, final ConsentEvent e, final byte[] key) {
        return new CorpusRecord(kind, true, names.consentEvents(), key, events.serialize(names.consentEvents(), e),
            new Expect.Rejected(e.getEventId()));
    }

    // --- consent.phone-events: readable, but wrong; dead-lettered with the reason -------------------

    private void phoneEventKinds(final List<IntFunction<CorpusRecord>> kinds) {
        final String topic = names.consentPhoneEvents();
        final int newerKinds = registry.register("corpus.enum." + topic + "-value",
            AvroBytes.withExtraSymbol(PhoneConsentEvent.getClassSchema(), "PhoneConsentKind", "SNOOZE"));
        kinds.add(n -> {
            final PhoneConsentEvent s = signal(n);
            s.setTenantId(BAD_IDS[n % BAD_IDS.length]);
            return phone("bad tenant id", s, phoneKeyOf(s), "INVALID_TENANT_ID");
        });
        kinds.add(n -> {
            final PhoneConsentEvent s = signal(n);
            s.setPhone(BAD_PHONES[n % BAD_PHONES.length]);
            return phone("bad phone", s, phoneKeyOf(s), "INVALID_PHONE");
        });
        kinds.add(n -> {
            final PhoneConsentEvent s = signal(n);
            s.setEventId(blank(n));
            return phone("blank event id", s, phoneKeyOf(s), "INVALID_EVENT_ID");
        });
        kinds.add(n -> phone("key of another number", signal(n), utf8(Identifiers.phoneKey(TENANT, "+15550800000")), "KEY_MISMATCH"));
        kinds.add(n -> phone("null key", signal(n), null, "KEY_MISMATCH"));
        kinds.add(n -> {
            final PhoneConsentEvent s = signal(n);
            s.setOccurredAt(n % 2 == 0 ? Instant.ofEpochMilli(-1 - random.nextInt(1_000_000)) : now.plus(Duration.ofHours(2 + n % 1000)));
            return phone("dated before 1970 or hours ahead", s, phoneKeyOf(s), "INVALID_TIME");
        });
        kinds.add(n -> new CorpusRecord("tombstone (null value)", true, topic, utf8(Identifiers.phoneKey(TENANT, badNumber(n))), null,
            new Expect.DeadLetter("INVALID_RECORD")));
        kinds.add(n -> {
            final PhoneConsentEvent s = signal(n);
            final byte[] body = AvroBytes.encode(enc -> io(() -> {
                enc.writeString(s.getEventId());
                enc.writeString(s.getTenantId());
                enc.writeString(s.getPhone());
                enc.writeLong(s.getOccurredAt().toEpochMilli());
                enc.writeEnum(PhoneConsentKind.values().length); // SNOOZE
                enc.writeIndex(0);
                enc.writeIndex(0);
            }));
            return bad("unknown enum symbol", topic, n, AvroBytes.wire(newerKinds, body), new Expect.DeadLetter("INCOMPATIBLE_SCHEMA"));
        });
    }

    private CorpusRecord phone(final String kind, final PhoneConsentEvent s, final byte[] key, final String reason) {
        return new CorpusRecord(kind, true, names.consentPhoneEvents(), key, phoneEvents.serialize(names.consentPhoneEvents(), s),
            new Expect.DeadLetter(reason));
    }

    // --- consent.settings: readable, but wrong; dead-lettered with the reason -----------------------

    private void settingKinds(final List<IntFunction<CorpusRecord>> kinds) {
        final String topic = names.consentSettings();
        final int newerActors = registry.register("corpus.enum." + topic + "-value",
            AvroBytes.withExtraSymbol(ConsentSetting.getClassSchema(), "ActorType", "ROBOT"));
        kinds.add(n -> settingRecord("key of another practice", "corpus-s-" + n, practice("corpus-t-" + n, null), "KEY_MISMATCH"));
        kinds.add(n -> settingRecord("another practice's key claiming its number", "corpus-s-" + n, practice(TENANT, SMS_FROM),
            "KEY_MISMATCH"));
        kinds.add(n -> {
            final String tenant = BAD_IDS[n % BAD_IDS.length];
            return settingRecord("bad tenant id", tenant, practice(tenant, null), "INVALID_TENANT_ID");
        });
        kinds.add(n -> settingRecord("bad phone", "corpus-s-" + n, practice("corpus-s-" + n, BAD_PHONES[n % BAD_PHONES.length]),
            "INVALID_PHONE"));
        kinds.add(n -> {
            final ConsentSetting s = practice("corpus-s-" + n, null);
            ((CommunicationSettings) s.getSetting()).setDefaultValidityDays(-(n % 5));
            return settingRecord("validity of zero or fewer days", "corpus-s-" + n, s, "INVALID_RECORD");
        });
        kinds.add(n -> {
            final String id = BAD_IDS[n % BAD_IDS.length];
            return settingRecord("bad preference id", "corpus-s-" + n + ":" + id, preference("corpus-s-" + n, id, "Reminders"),
                "INVALID_PREFERENCE_ID");
        });
        kinds.add(n -> settingRecord("preference without a name", "corpus-s-" + n + ":p", preference("corpus-s-" + n, "p", n % 2 == 0 ? "" : " "),
            "INVALID_RECORD"));
        kinds.add(n -> settingRecord("preference under another key", "corpus-s-" + n + ":q", preference("corpus-s-" + n, "p", "Reminders"),
            "KEY_MISMATCH"));
        // No null keys here: the broker refuses a record without a key on a compacted topic.
        kinds.add(n -> new CorpusRecord("tombstone (null value)", true, topic, utf8("bad tenant " + n), null,
            new Expect.DeadLetter("INVALID_TENANT_ID")));
        kinds.add(n -> {
            final byte[] body = AvroBytes.encode(enc -> io(() -> {
                enc.writeString("corpus-s-" + n);
                enc.writeIndex(0); // CommunicationSettings
                enc.writeBoolean(true);
                // Every optional field after "enabled" null, however many the schema has by now.
                for (int f = 1; f < CommunicationSettings.getClassSchema().getFields().size(); f++) {
                    enc.writeIndex(0);
                }
                enc.writeLong(now.toEpochMilli());
                enc.writeIndex(1); // updatedBy
                enc.writeEnum(ActorType.values().length); // ROBOT
                enc.writeString("r-1");
                enc.writeIndex(0);
            }));
            return bad("unknown enum symbol", topic, n, AvroBytes.wire(newerActors, body), new Expect.DeadLetter("INCOMPATIBLE_SCHEMA"));
        });
    }

    private CorpusRecord settingRecord(final String kind, final String key, final ConsentSetting setting, final String reason) {
        return new CorpusRecord(kind, true, names.consentSettings(), key == null ? null : utf8(key),
            settings.serialize(names.consentSettings(), setting), new Expect.DeadLetter(reason));
    }

    // --- message.requests: readable, but invalid; one DROP INVALID_REQUEST decision each ----------------

    private void requestKinds(final List<IntFunction<CorpusRecord>> kinds) {
        final String topic = names.messageRequests();
        final Schema newer = AvroBytes.withExtraSymbol(AvroBytes.withExtraSymbol(MessageRequest.getClassSchema(),
            "Channel", "PIGEON"), "Category", "PROMOTION");
        final int newerEnums = registry.register("corpus.enum." + topic + "-value", newer);
        kinds.add(n -> {
            final MessageRequest r = request(n);
            r.setTenantId(BAD_IDS[n % BAD_IDS.length]);
            return invalid("bad tenant id", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            r.setClientId(BAD_IDS[n % BAD_IDS.length]);
            return invalid("bad client id", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            r.setRequestId(switch (n % 3) {
                case 0 -> "r bad " + n;
                case 1 -> "r/bad/" + n;
                default -> "r-" + n + "-" + "x".repeat(130);
            });
            return invalid("bad request id", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            r.setTo(BAD_PHONES[n % BAD_PHONES.length]);
            return invalid("bad phone", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            switch (n % 3) {
                case 0 -> r.setBody("");
                case 1 -> r.setBody(" \n ");
                default -> r.setBody("x".repeat(1601));
            }
            return invalid("empty or over-long body", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            r.setChannel(n % 2 == 0 ? Channel.EMAIL : Channel.LETTER);
            r.setTo(n % 2 == 0 ? "not-an-address" : "");
            return invalid("bad e-mail or postal address", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            r.setPreferenceId(BAD_IDS[n % BAD_IDS.length]);
            return invalid("bad preference id", r, clientKeyOf(r));
        });
        kinds.add(n -> {
            final MessageRequest r = request(n);
            final boolean channel = n % 2 == 0;
            final byte[] body = AvroBytes.encode(enc -> io(() -> {
                enc.writeString(r.getRequestId());
                enc.writeString(r.getTenantId());
                enc.writeString(r.getClientId());
                enc.writeString(r.getTo());
                enc.writeEnum(channel ? Channel.values().length : Channel.SMS.ordinal());
                enc.writeEnum(channel ? Category.BASIC_TRANSACTIONAL.ordinal() : Category.values().length);
                enc.writeIndex(0);
                enc.writeString(r.getBody());
                enc.writeLong(r.getRequestedAt().toEpochMilli());
                enc.writeIndex(0);
                enc.writeIndex(0);
            }));
            // The reader's Channel and Category default to UNKNOWN: readable, and never sent.
            return new CorpusRecord("unknown enum symbol", true, topic, clientKeyOf(r), AvroBytes.wire(newerEnums, body),
                new Expect.Decided(r.getRequestId(), "DROP", "INVALID_REQUEST"));
        });
        kinds.add(n -> new CorpusRecord("tombstone (null value)", true, topic, utf8(Identifiers.clientKey(TENANT, setUpClient(0))), null,
            new Expect.DeadLetter("INVALID_RECORD")));
        kinds.add(n -> {
            // Re-keyed to its client and judged on its content, as any misrouted request.
            final MessageRequest r = deliverable(n);
            return new CorpusRecord("null key", true, topic, null, requests.serialize(topic, r),
                new Expect.Decided(r.getRequestId(), "SEND", "ELIGIBLE"));
        });
        kinds.add(n -> {
            final MessageRequest r = deliverable(n);
            return new CorpusRecord("key of another client", true, topic, utf8(Identifiers.clientKey(TENANT, "c-other-" + n)),
                requests.serialize(topic, r), new Expect.Decided(r.getRequestId(), "SEND", "ELIGIBLE"));
        });
    }

    private CorpusRecord invalid(final String kind, final MessageRequest r, final byte[] key) {
        return new CorpusRecord(kind, true, names.messageRequests(), key, requests.serialize(names.messageRequests(), r),
            new Expect.Decided(r.getRequestId(), "DROP", "INVALID_REQUEST"));
    }

    // --- valid traffic, mixed in ------------------------------------------------------------------------

    private List<IntFunction<CorpusRecord>> validKinds() {
        final List<IntFunction<CorpusRecord>> kinds = new ArrayList<>();
        kinds.add(n -> {
            final MessageRequest r = deliverable(n);
            return valid("valid request, allowed", names.messageRequests(), clientKeyOf(r), requests.serialize(names.messageRequests(), r),
                new Expect.Decided(r.getRequestId(), "SEND", "ELIGIBLE"));
        });
        kinds.add(n -> {
            final MessageRequest r = deliverable(n);
            r.setCategory(Category.MARKETING);
            return valid("valid request, level too low", names.messageRequests(), clientKeyOf(r),
                requests.serialize(names.messageRequests(), r), new Expect.Decided(r.getRequestId(), "DROP", "LEVEL_TOO_LOW"));
        });
        kinds.add(n -> {
            final ConsentEvent e = event(n);
            e.setClientId("c-mix-" + n);
            e.setChange(new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, String.format("+1555020%04d", n % 10_000), null));
            return valid("valid consent change", names.consentEvents(), clientKeyOf(e), events.serialize(names.consentEvents(), e),
                new Expect.ConsentLevel(Identifiers.clientKey(TENANT, e.getClientId()), "FULL_TRANSACTIONAL"));
        });
        kinds.add(n -> {
            final PhoneConsentEvent s = signal(n);
            s.setPhone(String.format("+1555030%04d", n % 10_000));
            return valid("valid STOP signal", names.consentPhoneEvents(), phoneKeyOf(s),
                phoneEvents.serialize(names.consentPhoneEvents(), s), new Expect.Suppressed(Identifiers.phoneKey(TENANT, s.getPhone())));
        });
        kinds.add(n -> {
            final String id = "pref-" + n;
            return valid("valid preference definition", names.consentSettings(), utf8(Identifiers.preferenceKey(TENANT, id)),
                settings.serialize(names.consentSettings(), preference(TENANT, id, "Corpus " + n)), new Expect.Stored(TENANT, id));
        });
        return kinds;
    }

    private static CorpusRecord valid(final String kind, final String topic, final byte[] key, final byte[] value, final Expect expect) {
        return new CorpusRecord(kind, false, topic, key, value, expect);
    }

    // --- building blocks ------------------------------------------------------------------------------

    private static CorpusRecord bad(final String kind, final String topic, final int n, final byte[] value, final Expect expect) {
        return new CorpusRecord(kind, true, topic, utf8(TENANT + ":c-bad-" + n), value, expect);
    }

    private ConsentEvent event(final int n) {
        return new ConsentEvent("ce-" + n, TENANT, "c-bad-" + n, now, STAFF, new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, null, null), null);
    }

    private PhoneConsentEvent signal(final int n) {
        return PhoneConsentEvent.newBuilder().setEventId("pe-" + n).setTenantId(TENANT).setPhone(badNumber(n))
            .setOccurredAt(now).setKind(PhoneConsentKind.OPT_OUT).setKeyword("STOP").build();
    }

    /** A number of nobody: the bad phone events must not touch a client the valid traffic judges. */
    private static String badNumber(final int n) {
        return String.format("+1555090%04d", n % 10_000);
    }

    private ConsentSetting setting(final int n) {
        return practice("corpus-s-" + n, null);
    }

    private ConsentSetting practice(final String tenantId, final String smsFrom) {
        return new ConsentSetting(tenantId, new CommunicationSettings(true, 30, null, smsFrom, null, null, null, null, null, null, null, null, null), now, null);
    }

    private ConsentSetting preference(final String tenantId, final String preferenceId, final String name) {
        return new ConsentSetting(tenantId, new PreferenceDefinition(preferenceId, name, List.of(Channel.SMS), true, true, null,
            DescriptionDisplay.SHOW_ON_HOVER), now, null);
    }

    private MessageRequest request(final int n) {
        return MessageRequest.newBuilder().setRequestId("mr-" + n).setTenantId(TENANT).setClientId("c-bad-" + n)
            .setTo(badNumber(n)).setChannel(Channel.SMS).setCategory(Category.FULL_TRANSACTIONAL).setBody("Refill ready")
            .setRequestedAt(now).build();
    }

    /** A request the set-up consent allows: FULL_TRANSACTIONAL to a set-up client's number on record. */
    private MessageRequest deliverable(final int n) {
        final int k = n % SET_UP_CLIENTS;
        final MessageRequest r = request(n);
        r.setClientId(setUpClient(k));
        r.setTo(phoneOf(k));
        return r;
    }

    /** A blank id unique to {@code n}: its digits in base 4 over four kinds of white space. */
    private static String blank(final int n) {
        final char[] spaces = {' ', '\t', '\n', '\u2003'};
        final StringBuilder out = new StringBuilder(" ");
        for (int rest = n; rest > 0; rest /= 4) {
            out.append(spaces[rest % 4]);
        }
        return out.toString();
    }

    private static byte[] clientKeyOf(final ConsentEvent e) {
        return utf8(Identifiers.clientKey(e.getTenantId(), e.getClientId()));
    }

    private static byte[] clientKeyOf(final MessageRequest r) {
        return utf8(Identifiers.clientKey(r.getTenantId(), r.getClientId()));
    }

    private static byte[] phoneKeyOf(final PhoneConsentEvent s) {
        return utf8(Identifiers.phoneKey(s.getTenantId(), s.getPhone()));
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
