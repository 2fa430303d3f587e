package io.optgate.dispatcher;

import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.dispatcher.app.DispatcherTopology;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.config.Env;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.FrequencyCapSetting;
import io.optgate.schema.DescriptionDisplay;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.DispatchStats;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentKind;
import io.optgate.schema.PhoneConsentState;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import io.optgate.dispatcher.dispatch.DecidedRequests;
import io.optgate.dispatcher.status.MessageStatusStores;
import io.optgate.dispatcher.status.StatusTopology;
import io.optgate.dispatcher.dispatch.DispatchTopology;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The dispatcher's real topology in a TopologyTestDriver, with a wall clock that only moves when a
 * test moves it, and helpers that read like the story of a test: a practice, its clients' consent,
 * requests, then the decisions and outbound records they produce.
 */
public final class DispatcherDriver implements AutoCloseable {

    /** Where the wall clock starts. */
    /** 14:00 in New York and 9:00 in Honolulu: inside the quiet-hours window in every US zone. */
    public static final Instant START = Instant.parse("2026-03-01T19:00:00Z");
    public static final String TENANT = "vet1";
    public static final String PHONE = "+15550001111";
    public static final String OTHER_PHONE = "+15550002222";

    private final String registryScope = "dispatcher-test-" + UUID.randomUUID();
    private final ContractTopics topics;
    private final TopologyTestDriver driver;
    private final Topology topology;
    private long elapsedMillis;

    public final TestInputTopic<String, MessageRequest> requests;
    public final TestInputTopic<String, byte[]> rawRequests;
    public final TestInputTopic<String, ConsentState> consentState;
    public final TestInputTopic<String, byte[]> rawConsentState;
    public final TestInputTopic<String, PhoneConsentState> phoneState;
    public final TestInputTopic<String, ConsentSetting> settings;
    public final TestInputTopic<String, DeliveryEvent> deliveries;
    public final TestOutputTopic<String, DispatchDecision> decisions;
    public final TestOutputTopic<String, DeliveryEvent> deliveryEvents;
    public final TestOutputTopic<String, MessageRequest> outboundSms;
    public final TestOutputTopic<String, MessageRequest> outboundEmail;
    public final TestOutputTopic<String, DispatchStats> stats;

    public DispatcherDriver(final DispatchTuning tuning, final Path stateDir) {
        this(tuning, stateDir, Map.of());
    }

    /** With some streams settings changed (see the DLQ test for why one would). */
    public DispatcherDriver(final DispatchTuning tuning, final Path stateDir, final Map<String, Object> overrides) {
        this(tuning, stateDir, overrides, 1);
    }

    /**
     * As if {@code consent.state} had {@code consentPartitions} partitions: the driver reads every
     * topic as partition 0, so requests whose client key belongs elsewhere take the re-routing path.
     */
    public DispatcherDriver(final DispatchTuning tuning, final Path stateDir, final Map<String, Object> overrides,
                            final int consentPartitions) {
        topics = new ContractTopics(TopicNames.defaults(), new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registryScope)));
        final Properties config = DispatcherApp.streamsConfig(CommonConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "unused:9092", "OPTGATE_DATA_DIR", stateDir.toString()))));
        config.putAll(overrides);
        final StreamsBuilder builder = new StreamsBuilder();
        DispatcherTopology.build(builder, topics, tuning, consentPartitions);
        topology = builder.build(config);
        driver = new TopologyTestDriver(topology, config, START);

        requests = input(topics.messageRequests());
        rawRequests = driver.createInputTopic(topics.messageRequests().name(), new StringSerializer(), new ByteArraySerializer());
        consentState = input(topics.consentState());
        rawConsentState = driver.createInputTopic(topics.consentState().name(), new StringSerializer(), new ByteArraySerializer());
        phoneState = input(topics.consentPhoneState());
        settings = input(topics.consentSettings());
        deliveries = input(topics.dispatchDeliveries());
        decisions = output(topics.dispatchDecisions());
        deliveryEvents = output(topics.dispatchDeliveries());
        outboundSms = output(topics.outbound(Channel.SMS));
        outboundEmail = output(topics.outbound(Channel.EMAIL));
        stats = output(topics.dispatchStats());
    }

    private <V> TestInputTopic<String, V> input(final TopicSpec<String, V> spec) {
        return driver.createInputTopic(spec.name(), spec.keySerde().serializer(), spec.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(final TopicSpec<String, V> spec) {
        return driver.createOutputTopic(spec.name(), spec.keySerde().deserializer(), spec.valueSerde().deserializer());
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    public Topology topology() {
        return topology;
    }

    public ContractTopics topics() {
        return topics;
    }

    /** The driver's wall clock. */
    public Instant now() {
        return START.plusMillis(elapsedMillis);
    }

    /** Moves the wall clock on, firing the punctuations that fall due on the way. */
    public void tick(final Duration duration) {
        elapsedMillis += duration.toMillis();
        driver.advanceWallClockTime(duration);
    }

    // ---- the story's ingredients -------------------------------------------------------------

    public static String key(final String clientId) {
        return TENANT + ":" + clientId;
    }

    public static MessageRequest.Builder request(final String requestId, final String clientId, final Category category) {
        return MessageRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(TENANT)
                .setClientId(clientId)
                .setTo(PHONE)
                .setChannel(Channel.SMS)
                .setCategory(category)
                .setBody("Your prescription for Rex is ready.")
                .setRequestedAt(START);
    }

    public static ConsentState.Builder consent(final String clientId, final SmsLevel level, final long version) {
        return ConsentState.newBuilder()
                .setTenantId(TENANT)
                .setClientId(clientId)
                .setPhone(PHONE)
                .setLevel(level)
                .setPhoneSuppressed(false)
                .setPreferences(Map.of())
                .setUpdatedAt(START.minus(Duration.ofHours(1)))
                .setUpdatedBy(new Actor(ActorType.STAFF, "staff-1", null))
                .setVersion(version);
    }

    /** Publishes a request under its client key. */
    public void send(final MessageRequest request) {
        requests.pipeInput(key(request.getClientId()), request, now());
    }

    /** Publishes a consent state with the event time of its change as record timestamp. */
    public void consent(final ConsentState state, final Instant changedAt) {
        consentState.pipeInput(key(state.getClientId()), state, changedAt);
    }

    public void phone(final String phone, final boolean suppressed) {
        phoneState.pipeInput(TENANT + ":" + phone, PhoneConsentState.newBuilder()
                .setTenantId(TENANT).setPhone(phone).setSuppressed(suppressed)
                .setLastKind(suppressed ? PhoneConsentKind.OPT_OUT : PhoneConsentKind.OPT_IN)
                .setUpdatedAt(START.minusSeconds(60)).build(), START.minusSeconds(60));
    }

    public void practiceSettings(final boolean preferencesEnabled) {
        settings.pipeInput(TENANT, ConsentSetting.newBuilder()
                .setTenantId(TENANT)
                .setSetting(CommunicationSettings.newBuilder().setEnabled(preferencesEnabled).setSmsFrom("+15559990000").build())
                .setUpdatedAt(START.minusSeconds(3600)).build(), START.minusSeconds(3600));
    }

    /** Practice settings (preferences on) with these frequency caps. */
    public void practiceCaps(final String tenantId, final FrequencyCapSetting... caps) {
        settings.pipeInput(tenantId, ConsentSetting.newBuilder()
                .setTenantId(tenantId)
                .setSetting(CommunicationSettings.newBuilder().setEnabled(true).setFrequencyCaps(List.of(caps)).build())
                .setUpdatedAt(now().minusSeconds(60)).build(), now().minusSeconds(60));
    }

    public void preference(final String preferenceId, final boolean active, final Channel... channels) {
        settings.pipeInput(TENANT + ":" + preferenceId, ConsentSetting.newBuilder()
                .setTenantId(TENANT)
                .setSetting(PreferenceDefinition.newBuilder()
                        .setPreferenceId(preferenceId).setName("Newsletter").setChannels(List.of(channels))
                        .setActive(active).setEditable(true).setDescriptionDisplay(DescriptionDisplay.SHOW_ON_HOVER).build())
                .setUpdatedAt(START.minusSeconds(3600)).build(), START.minusSeconds(3600));
    }

    /** The client's decisions the judge stored, newest first, as {@code GET .../clients/{c}/decisions} lists them. */
    public List<DispatchDecision> recentDecisions(final String clientId, final Duration window, final int limit) {
        final DecidedRequests decided = new DecidedRequests(topics.dispatchDecisions().valueSerde(), topics.dispatchDecisions().name());
        final WindowStore<String, byte[]> store = driver.getWindowStore(DispatchTopology.REQUEST_IDS_STORE);
        return decided.recent(store, key(clientId), now().minus(window), now(), limit);
    }

    /** What {@code GET .../messages/{requestId}} answers, read from the driver's stores. */
    public MessageStatusStores statuses() {
        return new MessageStatusStores(
                driver.getWindowStore(DispatchTopology.REQUEST_INDEX_STORE),
                driver.getWindowStore(DispatchTopology.REQUEST_IDS_STORE),
                driver.getWindowStore(StatusTopology.DELIVERIES_STORE),
                new DecidedRequests(topics.dispatchDecisions().valueSerde(), topics.dispatchDecisions().name()));
    }

    /** Every decision published so far, in order. */
    public List<DispatchDecision> decided() {
        return decisions.readValuesToList();
    }

    public List<TestRecord<String, DispatchDecision>> decisionRecords() {
        return decisions.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        SchemaRegistryClients.dropMockScope(registryScope);
    }
}
