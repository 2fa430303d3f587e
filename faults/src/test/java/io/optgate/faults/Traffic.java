package io.optgate.faults;

import io.optgate.faults.ConsentTimeline.State;
import io.optgate.faults.Population.Client;
import io.optgate.faults.Population.Group;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import io.optgate.testing.ConsistentRandomPartitioner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Writes the run's input as upstream systems and Twilio's inbound webhook would: consent changes
 * by staff on {@code consent.events}, STOP/START/YES on {@code consent.phone-events} (the records
 * the inbound webhook writes), and message requests on {@code message.requests} at a steady rate,
 * most keyed and partitioned as the Java client does, a few through a librdkafka-style
 * {@code consistent_random} partitioner, some repeated with the same requestId. Everything random
 * comes from one seed; what was written, and when, is kept for the checks.
 */
final class Traffic implements AutoCloseable {

    /** A request as written. */
    record Written(String tenantId, String requestId, String clientKey, Category category, Instant requestedAt,
                   boolean otherPartitioner) {
    }

    private static final Actor STAFF = Actor.newBuilder().setType(ActorType.STAFF).setId("faults").setName(null).build();

    private final Population population;
    private final ConsentTimeline timeline;
    private final FaultRunSize size;
    private final Random random;
    private final Producer<String, MessageRequest> requests;
    private final Producer<String, MessageRequest> otherRequests;
    private final Producer<String, ConsentEvent> consentEvents;
    private final Producer<String, PhoneConsentEvent> phoneEvents;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final List<String> consentEventIds = new ArrayList<>();
    private final AtomicInteger progress = new AtomicInteger();
    private final AtomicInteger duplicatesWritten = new AtomicInteger();
    private final Map<String, Integer> copies = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
    private final AtomicInteger eventSequence = new AtomicInteger();

    Traffic(final String bootstrapServers, final Map<String, Object> security, final AvroSerdes serdes,
            final Population population, final ConsentTimeline timeline, final FaultRunSize size) {
        this.population = population;
        this.timeline = timeline;
        this.size = size;
        this.random = new Random(size.seed());
        final Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        this.requests = producer(config, serdes.value(MessageRequest.class).serializer());
        this.otherRequests = producer(ConsistentRandomPartitioner.producerConfig(config), serdes.value(MessageRequest.class).serializer());
        this.consentEvents = producer(config, serdes.value(ConsentEvent.class).serializer());
        this.phoneEvents = producer(config, serdes.value(PhoneConsentEvent.class).serializer());
    }

    private static <V> Producer<String, V> producer(final Map<String, Object> config, final Serializer<V> values) {
        return new KafkaProducer<>(new HashMap<>(config), new StringSerializer(), values);
    }

    /** Before the traffic: every client's level and phone, marketing asked for, STOPs of the STOPPED group. */
    void writeSetup() {
        final Instant now = Instant.now();
        for (final Client client : population.clients()) {
            staffLevel(client, SmsLevel.FULL_TRANSACTIONAL, now);
            timeline.record(client.key(), now, new State(true, false, true, false), "FULL");
        }
        consentEvents.flush();
        for (final Client client : population.clients()) {
            if (client.group() == Group.AWAITING_YES) {
                staffLevel(client, SmsLevel.MARKETING, now);
            } else if (client.group() == Group.STOPPED) {
                keyword(client, PhoneConsentKind.OPT_OUT, "STOP", now);
                timeline.record(client.key(), now, new State(true, true, true, false), "STOP");
            }
        }
        consentEvents.flush();
        phoneEvents.flush();
        failIfWritesFailed();
    }

    /** What a client or its number does during the traffic. */
    private enum Change {
        STOP, START, YES, BASIC, FULL
    }

    /** One consent change during the traffic, at a request index. */
    private record Scheduled(Client client, Change what) {
    }

    /**
     * The consent changes during the traffic, by the request index before which each is written:
     * KEYWORDS clients STOP then START (some STOP again), LEVELS clients go to Basic and back (some
     * down again), AWAITING_YES clients answer YES.
     */
    private TreeMap<Integer, List<Scheduled>> schedule() {
        final TreeMap<Integer, List<Scheduled>> schedule = new TreeMap<>();
        final Function<Double, Integer> at = fraction -> (int) (fraction * size.requests());
        for (final Client client : population.clients()) {
            final double first = 0.02 + random.nextDouble() * 0.45;
            final double second = first + 0.05 + random.nextDouble() * 0.4;
            final double third = second + 0.05 + random.nextDouble() * 0.4;
            final boolean again = random.nextBoolean();
            switch (client.group()) {
                case KEYWORDS -> {
                    add(schedule, at.apply(first), new Scheduled(client, Change.STOP));
                    add(schedule, at.apply(second), new Scheduled(client, Change.START));
                    if (again && third < 0.97) {
                        add(schedule, at.apply(third), new Scheduled(client, Change.STOP));
                    }
                }
                case LEVELS -> {
                    add(schedule, at.apply(first), new Scheduled(client, Change.BASIC));
                    add(schedule, at.apply(second), new Scheduled(client, Change.FULL));
                    if (again && third < 0.97) {
                        add(schedule, at.apply(third), new Scheduled(client, Change.BASIC));
                    }
                }
                case AWAITING_YES -> add(schedule, at.apply(first + random.nextDouble() * 0.4), new Scheduled(client, Change.YES));
                default -> {
                }
            }
        }
        return schedule;
    }

    private static void add(final TreeMap<Integer, List<Scheduled>> schedule, final int index, final Scheduled change) {
        schedule.computeIfAbsent(index, i -> new ArrayList<>()).add(change);
    }

    /** Writes the requests at the steady rate, with the scheduled consent changes between them. */
    void run() throws InterruptedException {
        final TreeMap<Integer, List<Scheduled>> schedule = schedule();
        final List<Client> clients = population.clients();
        final List<MessageRequest> earlier = new ArrayList<>();
        final long periodNanos = TimeUnit.SECONDS.toNanos(1) / size.ratePerSecond();
        final long start = System.nanoTime();
        for (int i = 0; i < size.requests(); i++) {
            final long due = start + i * periodNanos;
            final long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (final Scheduled change : schedule.getOrDefault(i, List.of())) {
                apply(change);
            }
            final Client client = clients.get(random.nextInt(clients.size()));
            final boolean duplicate = !earlier.isEmpty() && random.nextInt(100) < 2;
            final boolean otherPartitioner = random.nextInt(100) == 0;
            final MessageRequest request = duplicate
                    ? earlier.get(random.nextInt(earlier.size()))
                    : newRequest(i, client);
            copies.merge(request.getTenantId() + "/" + request.getRequestId(), 1, Integer::sum);
            if (duplicate) {
                duplicatesWritten.incrementAndGet();
            } else {
                if (earlier.size() < 10_000) {
                    earlier.add(request);
                }
                written.put(request.getTenantId() + "/" + request.getRequestId(), new Written(request.getTenantId(),
                        request.getRequestId(), request.getTenantId() + ":" + request.getClientId(),
                        request.getCategory(), request.getRequestedAt(), otherPartitioner));
            }
            final ProducerRecord<String, MessageRequest> record = new ProducerRecord<>("message.requests",
                    request.getTenantId() + ":" + request.getClientId(), request);
            (otherPartitioner && !duplicate ? otherRequests : requests).send(record, this::noteFailure);
            progress.set(i + 1);
        }
        requests.flush();
        otherRequests.flush();
        consentEvents.flush();
        phoneEvents.flush();
        failIfWritesFailed();
    }

    private MessageRequest newRequest(final int index, final Client client) {
        final int roll = random.nextInt(100);
        final Category category = roll < 35 ? Category.BASIC_TRANSACTIONAL
                : roll < 75 ? Category.FULL_TRANSACTIONAL
                : Category.MARKETING;
        return MessageRequest.newBuilder()
                .setRequestId("f-" + size.seed() + "-" + index)
                .setTenantId(client.tenantId())
                .setClientId(client.clientId())
                .setTo(client.phone())
                .setChannel(Channel.SMS)
                .setCategory(category)
                .setPreferenceId(null)
                .setBody("fault run text " + index)
                .setRequestedAt(Instant.now())
                .setExpiresAt(null)
                .setSource("faults")
                .build();
    }

    private void apply(final Scheduled change) {
        final Client client = change.client();
        final Instant now = Instant.now();
        final State before = timeline.latest(client.key());
        switch (change.what()) {
            case STOP -> {
                keyword(client, PhoneConsentKind.OPT_OUT, "STOP", now);
                timeline.record(client.key(), now, new State(true, true, before.full(), before.marketing()), "STOP");
            }
            case START -> {
                keyword(client, PhoneConsentKind.OPT_IN, "START", now);
                timeline.record(client.key(), now, State.UNKNOWN, "START");
            }
            case YES -> {
                keyword(client, PhoneConsentKind.CONFIRM, "YES", now);
                // Eligible for marketing once consent-streams applies it; the test only holds it to "not before".
                timeline.record(client.key(), now, new State(true, false, true, true), "YES");
            }
            case BASIC -> {
                staffLevel(client, SmsLevel.BASIC_TRANSACTIONAL, now);
                timeline.record(client.key(), now, new State(true, before.suppressed(), false, false), "BASIC");
            }
            case FULL -> {
                staffLevel(client, SmsLevel.FULL_TRANSACTIONAL, now);
                timeline.record(client.key(), now, new State(true, before.suppressed(), true, false), "FULL");
            }
        }
    }

    private void staffLevel(final Client client, final SmsLevel level, final Instant at) {
        final String eventId = "faults-" + size.seed() + "-level-" + eventSequence.incrementAndGet();
        final ConsentEvent event = ConsentEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(client.tenantId())
                .setClientId(client.clientId())
                .setOccurredAt(at)
                .setActor(STAFF)
                .setChange(SmsLevelRequested.newBuilder()
                        .setLevel(level)
                        .setClientRequestedOptIn(false)
                        .setPhone(client.phone())
                        .setTimeZone(population.timeZone())
                        .build())
                .setEvidence(null)
                .build();
        synchronized (consentEventIds) {
            consentEventIds.add(eventId);
        }
        consentEvents.send(new ProducerRecord<>("consent.events", client.key(), event), this::noteFailure);
    }

    private String keyword(final Client client, final PhoneConsentKind kind, final String keyword, final Instant at) {
        final int sequence = eventSequence.incrementAndGet();
        final PhoneConsentEvent event = PhoneConsentEvent.newBuilder()
                .setEventId("twilio-inbound-SMfaults" + size.seed() + "x" + sequence)
                .setTenantId(client.tenantId())
                .setPhone(client.phone())
                .setOccurredAt(at)
                .setKind(kind)
                .setKeyword(keyword)
                .setProviderMessageId("SMfaults" + size.seed() + "x" + sequence)
                .setRevocationCue(null)
                .build();
        phoneEvents.send(new ProducerRecord<>("consent.phone-events", client.phoneKey(), event), this::noteFailure);
        return event.getEventId();
    }

    private void noteFailure(final org.apache.kafka.clients.producer.RecordMetadata metadata, final Exception exception) {
        if (exception != null) {
            writeFailure.compareAndSet(null, exception);
        }
    }

    private void failIfWritesFailed() {
        final Exception failure = writeFailure.get();
        if (failure != null) {
            throw new IllegalStateException("the test's own writes failed", failure);
        }
    }

    /** How many requests have been written so far. */
    int progress() {
        return progress.get();
    }

    /** The distinct requests written, by {@code <tenantId>/<requestId>}. */
    Map<String, Written> written() {
        return Map.copyOf(written);
    }

    /** How many times each request was written, by {@code <tenantId>/<requestId>}. */
    Map<String, Integer> copies() {
        return Map.copyOf(copies);
    }

    int duplicatesWritten() {
        return duplicatesWritten.get();
    }

    /** The eventIds of the staff consent changes written. */
    List<String> consentEventIds() {
        synchronized (consentEventIds) {
            return List.copyOf(consentEventIds);
        }
    }

    @Override
    public void close() {
        final Duration timeout = Duration.ofSeconds(10);
        requests.close(timeout);
        otherRequests.close(timeout);
        consentEvents.close(timeout);
        phoneEvents.close(timeout);
    }
}
