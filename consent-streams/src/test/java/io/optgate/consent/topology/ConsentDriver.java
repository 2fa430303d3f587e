package io.optgate.consent.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import io.optgate.schema.SendingNumberClaim;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent topology in a {@link TopologyTestDriver}, built and configured by the same methods
 * {@code main} uses, with an in-process Schema Registry of its own. Public for the API tests, which
 * serve it over HTTP.
 */
public final class ConsentDriver implements AutoCloseable {

    /** The wall clock at the start of every story. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    final TopologyTestDriver driver;
    final Topology topology;
    final TestInputTopic<String, ConsentEvent> events;
    final TestInputTopic<String, PhoneConsentEvent> phoneEvents;
    final TestInputTopic<String, ConsentSetting> settings;
    final TestInputTopic<String, byte[]> rawEvents;
    final TestOutputTopic<String, ConsentState> states;
    final TestOutputTopic<String, PhoneConsentState> phoneStates;
    final TestOutputTopic<String, ConsentNote> notes;
    final TestOutputTopic<String, MessageRequest> messages;
    final TestInputTopic<String, SendingNumberClaim> claims;
    final TestOutputTopic<byte[], byte[]> eventsDlq;
    final TestOutputTopic<byte[], byte[]> phoneEventsDlq;
    final TestOutputTopic<byte[], byte[]> settingsDlq;
    /** Where the topology's meters (consent changes) go. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String registryScope;
    private final List<TestOutputTopic<?, ?>> outputs;

    public ConsentDriver(final Path stateDir) {
        this(stateDir, ConsentRules.DEFAULT_MARKETING_CONFIRMATION_TTL, ConsentTopologyOptions.defaults());
    }

    ConsentDriver(final Path stateDir, final Duration marketingTtl, final ConsentTopologyOptions options) {
        registryScope = "consent-driver-" + UUID.randomUUID();
        final ContractTopics topics = new ContractTopics(TopicNames.defaults(),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
        final Properties config = ConsentStreamsApp.streamsConfig(CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "unused:9092", "OPTGATE_DATA_DIR", stateDir.toString()))));
        topology = ConsentStreamsApp.topology(topics, new ConsentRules(marketingTtl), options, config, meters);
        driver = new TopologyTestDriver(topology, config, START);
        final StringSerializer keys = new StringSerializer();
        final StringDeserializer keysOut = new StringDeserializer();
        events = driver.createInputTopic(topics.consentEvents().name(), keys, topics.consentEvents().valueSerde().serializer());
        phoneEvents = driver.createInputTopic(topics.consentPhoneEvents().name(), keys, topics.consentPhoneEvents().valueSerde().serializer());
        settings = driver.createInputTopic(topics.consentSettings().name(), keys, topics.consentSettings().valueSerde().serializer());
        claims = driver.createInputTopic(topics.consentNumberClaims().name(), keys, topics.consentNumberClaims().valueSerde().serializer());
        rawEvents = driver.createInputTopic(topics.consentEvents().name(), keys, new ByteArraySerializer());
        states = driver.createOutputTopic(topics.consentState().name(), keysOut, topics.consentState().valueSerde().deserializer());
        phoneStates = driver.createOutputTopic(topics.consentPhoneState().name(), keysOut, topics.consentPhoneState().valueSerde().deserializer());
        notes = driver.createOutputTopic(topics.consentNotes().name(), keysOut, topics.consentNotes().valueSerde().deserializer());
        messages = driver.createOutputTopic(topics.messageRequests().name(), keysOut, topics.messageRequests().valueSerde().deserializer());
        eventsDlq = driver.createOutputTopic(TopicNames.dlq(topics.consentEvents().name()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        phoneEventsDlq = driver.createOutputTopic(TopicNames.dlq(topics.consentPhoneEvents().name()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        settingsDlq = driver.createOutputTopic(TopicNames.dlq(topics.consentSettings().name()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        outputs = List.of(states, phoneStates, notes, messages, eventsDlq, phoneEventsDlq, settingsDlq);
    }

    /** Moves the wall clock, running the punctuators that fall due. */
    void advanceWallClock(final Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /** A store of the topology, by name (see {@link ConsentStores}). */
    public <V> KeyValueStore<String, V> store(final String name) {
        return driver.getKeyValueStore(name);
    }

    /** Processes a {@code consent.events} record now. */
    public void pipe(final String key, final ConsentEvent event) {
        events.pipeInput(key, event, event.getOccurredAt());
    }

    /** Processes a {@code consent.settings} record now. */
    public void pipe(final String key, final ConsentSetting setting) {
        settings.pipeInput(key, setting, setting.getUpdatedAt());
    }

    /** Processes a {@code consent.number-claims} record now. */
    public void pipe(final SendingNumberClaim claim) {
        claims.pipeInput(claim.getNumber(), claim, claim.getRequestedAt());
    }

    /** Processes a {@code consent.phone-events} record now. */
    public void pipe(final PhoneConsentEvent signal) {
        phoneEvents.pipeInput(signal.getTenantId() + ":" + signal.getPhone(), signal, signal.getOccurredAt());
    }

    /** Every note written to {@code consent.notes} since the last call. */
    public List<ConsentNote> drainNotes() {
        return notes.readValuesToList();
    }

    /** Every request written to {@code message.requests} since the last call. */
    public List<MessageRequest> drainMessages() {
        return messages.readValuesToList();
    }

    KeyValueStore<String, ConsentNote> notesStore() {
        return driver.getKeyValueStore(ConsentStores.NOTES);
    }

    KeyValueStore<String, ConsentState> clientsStore() {
        return driver.getKeyValueStore(ConsentStores.CLIENTS);
    }

    KeyValueStore<String, String> processedStore() {
        return driver.getKeyValueStore(ConsentStores.PROCESSED);
    }

    /** The end of a story: nothing else was written anywhere. */
    void assertNoMoreRecords() {
        for (final TestOutputTopic<?, ?> output : outputs) {
            assertThat(output.isEmpty()).as("no more records on %s", output).isTrue();
        }
    }

    /** Moves the wall clock, running the punctuators that fall due. */
    public void advance(final Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    @Override
    public void close() {
        driver.close();
        SchemaRegistryClients.dropMockScope(registryScope);
    }
}
