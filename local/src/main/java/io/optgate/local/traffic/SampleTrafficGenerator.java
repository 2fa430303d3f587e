package io.optgate.local.traffic;

import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@link SampleTraffic} to the contract topics through a real producer and the real Avro
 * serde, once per second, until it has written {@link #MAX_REQUESTS} message requests (about three
 * hours) or is closed. The first run seeds the practices and clients; the progress is kept in
 * {@code <dataDir>/sample-traffic.properties}, so a second start neither seeds again nor starts the
 * count over.
 */
public final class SampleTrafficGenerator implements AutoCloseable {

    /** The generator stops after this many message requests, so a forgotten terminal does not fill the disk. */
    public static final long MAX_REQUESTS = 200_000;
    /** Clients in each of the four sample practices. */
    public static final int CLIENTS_PER_PRACTICE = 1_500;
    private static final long WORLD_SEED = 20_260_105L;
    private static final int SEED_RECORDS_PER_SECOND = 500;

    private static final Logger LOG = LoggerFactory.getLogger(SampleTrafficGenerator.class);

    private final Producer<String, byte[]> producer;
    private final ContractTopics topics;
    private final Path stateFile;
    private final Clock clock;
    private final SampleWorld world = SampleWorld.generate(WORLD_SEED, CLIENTS_PER_PRACTICE);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param bootstrapServers the cluster
     * @param topics           the contract topics with the app's serdes
     * @param dataDir          where the progress file lives
     */
    public SampleTrafficGenerator(final String bootstrapServers, final ContractTopics topics, final Path dataDir,
                                  final Clock clock) {
        this.topics = topics;
        this.stateFile = dataDir.resolve("sample-traffic.properties");
        this.clock = clock;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "optgate-local-sample-traffic",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20),
                new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "sample-traffic");
        this.thread.setDaemon(true);
    }

    /** The practices and clients the traffic is about (for the web page's examples). */
    public SampleWorld world() {
        return world;
    }

    /** Starts writing in the background. */
    public void start() {
        thread.start();
    }

    private void run() {
        final Properties state = readState();
        final long startedAt = clock.millis();
        final SampleTraffic traffic = new SampleTraffic(world, startedAt, Long.toString(startedAt, 36));
        long written = Long.parseLong(state.getProperty("requests", "0"));
        try {
            if (!Boolean.parseBoolean(state.getProperty("seeded", "false"))) {
                final List<SampleRecord> seed = traffic.seed(clock.instant());
                if (!writePaced(seed)) {
                    return;
                }
                state.setProperty("seeded", "true");
                writeState(state);
                LOG.info("sample traffic: seeded {} practices and {} clients ({} records)",
                        world.practices().size(), world.clientCount(), seed.size());
            }
            long nextTick = System.nanoTime();
            while (written < MAX_REQUESTS && !stop.await(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                nextTick += TimeUnit.SECONDS.toNanos(1);
                final long before = traffic.requestsWritten();
                traffic.tick(clock.instant()).forEach(this::send);
                written += traffic.requestsWritten() - before;
                state.setProperty("requests", Long.toString(written));
                writeState(state);
            }
            if (written >= MAX_REQUESTS) {
                LOG.info("sample traffic: stopped after {} message requests (its limit); the HTTP API still takes more", written);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            LOG.warn("sample traffic stopped: {}", e.toString());
        }
    }

    /**
     * Writes the seed at {@value #SEED_RECORDS_PER_SECOND} records a second: all at once, it would
     * queue up ahead of everything else in the apps for several seconds, and the first PUT a person
     * tries would wait behind it. False when closed meanwhile.
     */
    private boolean writePaced(final List<SampleRecord> records) throws InterruptedException {
        long next = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            send(records.get(i));
            if ((i + 1) % SEED_RECORDS_PER_SECOND == 0) {
                producer.flush();
                next += TimeUnit.SECONDS.toNanos(1);
                if (stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
        }
        producer.flush();
        return true;
    }

    private void send(final SampleRecord record) {
        producer.send(toProducerRecord(record), (metadata, error) -> {
            if (error != null) {
                LOG.warn("sample traffic: a {} record was not written: {}", record.topic(), error.toString());
            }
        });
    }

    private ProducerRecord<String, byte[]> toProducerRecord(final SampleRecord record) {
        return switch (record.topic()) {
            case CONSENT_SETTINGS -> serialize(topics.consentSettings(), record.key(), (ConsentSetting) record.value());
            case CONSENT_EVENTS -> serialize(topics.consentEvents(), record.key(), (ConsentEvent) record.value());
            case CONSENT_PHONE_EVENTS -> serialize(topics.consentPhoneEvents(), record.key(), (PhoneConsentEvent) record.value());
            case MESSAGE_REQUESTS -> serialize(topics.messageRequests(), record.key(), (MessageRequest) record.value());
        };
    }

    private static <V extends SpecificRecord> ProducerRecord<String, byte[]> serialize(final TopicSpec<String, V> topic,
                                                                                      final String key, final V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private Properties readState() {
        final Properties p = new Properties();
        if (Files.exists(stateFile)) {
            try (Reader r = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private void writeState(final Properties state) {
        final Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            state.store(w, "optgate local mode: sample traffic progress");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops writing, flushes what was handed to the producer, and closes it. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
