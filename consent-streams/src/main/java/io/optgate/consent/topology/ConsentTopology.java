package io.optgate.consent.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.optgate.consent.numbers.SendingNumberTopology;
import io.optgate.consent.rules.ConsentRules;
import io.optgate.platform.dlq.DeadLetters;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.PhoneConsentEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The consent-streams topology: {@code consent.events}, {@code consent.phone-events} and
 * {@code consent.settings} in; {@code consent.state}, {@code consent.phone-state},
 * {@code consent.notes}, confirmation texts on {@code message.requests}, and dead letters out.
 *
 * <pre>
 *  consent.events ───────┐ (checked; tombstones to .dlq)
 *  consent.phone-events ─┼─ re-key to tenantId ─ repartition "consent-by-tenant" ─ consent-rules ─┬─ consent.state
 *  consent.settings ─────┘ (checked; invalid to .dlq)                         (8 stores, below)   ├─ consent.phone-state
 *                                                                                                  ├─ consent.notes
 *                                                                                                  ├─ message.requests
 *                                                                                                  └─ &lt;source&gt;.dlq
 * </pre>
 *
 * Everything about a practice is decided in one task, so a STOP reaches every client with the number
 * and every client given it later, without a join racing the client's own changes (see
 * docs/consent-streams.md for the trade-off). Every processor, store and internal topic is named.
 */
public final class ConsentTopology {

    /** The name of the repartition step (topic {@code <application.id>-consent-by-tenant-repartition}). */
    public static final String REPARTITION = io.optgate.platform.topics.ConsentStreamsProgress.REPARTITION;
    /** The name of the processor that applies the rules. */
    public static final String RULES_PROCESSOR = "consent-rules";

    private ConsentTopology() {
    }

    /**
     * Adds the consent topology to {@code builder}.
     *
     * @param builder the builder
     * @param topics  the contract topics (names and serdes)
     * @param rules   the consent rules
     * @param options dedup retention and punctuation
     */
    public static void build(final StreamsBuilder builder, final ContractTopics topics, final ConsentRules rules,
                             final ConsentTopologyOptions options) {
        // An empty composite registry records nothing.
        build(builder, topics, rules, options, new CompositeMeterRegistry());
    }

    /**
     * Adds the consent topology to {@code builder}, counting consent changes
     * ({@code optgate_consent_changes_total{actor_type, kind}}) in {@code meters}.
     */
    public static void build(final StreamsBuilder builder, final ContractTopics topics, final ConsentRules rules,
                             final ConsentTopologyOptions options, final MeterRegistry meters) {
        final TopicSpec<String, ConsentEvent> events = topics.consentEvents();
        final TopicSpec<String, PhoneConsentEvent> phoneEvents = topics.consentPhoneEvents();
        final TopicSpec<String, ConsentSetting> settings = topics.consentSettings();
        final TenantInputSerde inputSerde = new TenantInputSerde(events.name(), events.valueSerde(),
                phoneEvents.name(), phoneEvents.valueSerde(), settings.name(), settings.valueSerde());

        addStores(builder, topics);

        final KStream<String, TenantInput> clientInputs = checked(builder, events, "consent-events", InputChecks::consentEvent)
                .mapValues((key, event) -> (TenantInput) new TenantInput.ClientEvent(key, event), Named.as("consent-events-wrap"));
        final KStream<String, TenantInput> phoneInputs = checked(builder, phoneEvents, "consent-phone-events", InputChecks::phoneEvent)
                .mapValues((key, signal) -> (TenantInput) new TenantInput.PhoneEvent(key, signal), Named.as("consent-phone-events-wrap"));
        final KStream<String, ConsentSetting> acceptedSettings = checked(builder, settings, "consent-settings", InputChecks::setting);
        SendingNumberTopology.claimFromSettings(acceptedSettings, topics);
        final KStream<String, TenantInput> settingInputs = acceptedSettings
                .mapValues((key, setting) -> (TenantInput) new TenantInput.Setting(key, setting), Named.as("consent-settings-wrap"));

        final KStream<String, ConsentOutput> outputs = clientInputs
                .merge(phoneInputs, Named.as("consent-merge-phone-events"))
                .merge(settingInputs, Named.as("consent-merge-settings"))
                .selectKey((key, input) -> input.tenantId(), Named.as("consent-key-by-tenant"))
                .repartition(Repartitioned.<String, TenantInput>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(inputSerde))
                .process(() -> new ConsentProcessor(rules, options, inputSerde, meters), Named.as(RULES_PROCESSOR),
                        ConsentStores.CLIENTS, ConsentStores.NOTES, ConsentStores.NOTE_SEQUENCE, ConsentStores.PHONE_INDEX,
                        ConsentStores.PHONE_STATE, ConsentStores.SETTINGS, ConsentStores.PROCESSED, ConsentStores.DEADLINES);

        outputs.split(Named.as("consent-output-"))
                .branch((key, output) -> output instanceof ConsentOutput.State, Branched.withConsumer(states -> states
                        .mapValues(output -> ((ConsentOutput.State) output).state(), Named.as("consent-state-unwrap"))
                        .to(topics.consentState().name(), topics.consentState().produced("consent-state-sink")), "state"))
                .branch((key, output) -> output instanceof ConsentOutput.PhoneState, Branched.withConsumer(states -> states
                        .mapValues(output -> ((ConsentOutput.PhoneState) output).state(), Named.as("consent-phone-state-unwrap"))
                        .to(topics.consentPhoneState().name(), topics.consentPhoneState().produced("consent-phone-state-sink")), "phone-state"))
                .branch((key, output) -> output instanceof ConsentOutput.Note, Branched.withConsumer(notes -> notes
                        .mapValues(output -> ((ConsentOutput.Note) output).note(), Named.as("consent-notes-unwrap"))
                        .to(topics.consentNotes().name(), topics.consentNotes().produced("consent-notes-sink")), "notes"))
                .branch((key, output) -> output instanceof ConsentOutput.Message, Branched.withConsumer(messages -> messages
                        .mapValues(output -> ((ConsentOutput.Message) output).request(), Named.as("consent-messages-unwrap"))
                        .to(topics.messageRequests().name(), topics.messageRequests().produced("consent-message-requests-sink")), "messages"))
                .branch((key, output) -> output instanceof ConsentOutput.DeadLetter, Branched.withConsumer(dead -> dead
                        .mapValues(output -> ((ConsentOutput.DeadLetter) output).value(), Named.as("consent-dead-letters-unwrap"))
                        .to((key, value, context) -> TopicNames.dlq(sourceTopicOf(context.headers())),
                                Produced.with(Serdes.String(), Serdes.ByteArray()).withName("consent-dead-letters-sink")), "dead-letters"))
                .noDefaultBranch();
    }

    /**
     * A source whose records failing {@code check} go to {@code <topic>.dlq} (same bytes, subject of
     * the source topic, reason in headers); the others continue.
     */
    private static <V> KStream<String, V> checked(final StreamsBuilder builder, final TopicSpec<String, V> topic,
                                                  final String name,
                                                  final BiFunction<String, V, Optional<InputChecks.Problem>> check) {
        final Map<String, KStream<String, V>> branches = builder.stream(topic.name(), topic.consumed(name + "-source"))
                .split(Named.as(name + "-"))
                .branch((key, value) -> check.apply(key, value).isPresent(), Branched.as("refused"))
                .defaultBranch(Branched.as("accepted"));
        branches.get(name + "-refused")
                .processValues(() -> new DeadLetterMarker<>(check), Named.as(name + "-dead-letter"))
                .to(TopicNames.dlq(topic.name()), Produced.with(Serdes.String(), sameSubject(topic))
                        .withName(name + "-dlq-sink"));
        return branches.get(name + "-accepted");
    }

    /** Writes values as the source topic's serde does (its subject), so a dead letter holds the original bytes. */
    private static <V> Serde<V> sameSubject(final TopicSpec<String, V> topic) {
        final Serde<V> source = topic.valueSerde();
        return Serdes.serdeFrom(
                (ignoredTopic, value) -> value == null ? null : source.serializer().serialize(topic.name(), value),
                (ignoredTopic, bytes) -> bytes == null ? null : source.deserializer().deserialize(topic.name(), bytes));
    }

    private static String sourceTopicOf(final Headers headers) {
        final Header header = headers.lastHeader(DeadLetters.SOURCE_TOPIC);
        return header == null ? "consent.unknown" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void addStores(final StreamsBuilder builder, final ContractTopics topics) {
        builder.addStateStore(store(ConsentStores.CLIENTS, topics.consentState().valueSerde()));
        builder.addStateStore(store(ConsentStores.NOTES, topics.consentNotes().valueSerde()));
        builder.addStateStore(store(ConsentStores.NOTE_SEQUENCE, Serdes.Long()));
        builder.addStateStore(store(ConsentStores.PHONE_INDEX, Serdes.String()));
        builder.addStateStore(store(ConsentStores.PHONE_STATE, topics.consentPhoneState().valueSerde()));
        builder.addStateStore(store(ConsentStores.SETTINGS, topics.consentSettings().valueSerde()));
        builder.addStateStore(store(ConsentStores.PROCESSED, Serdes.String()));
        builder.addStateStore(store(ConsentStores.DEADLINES, Serdes.String()));
    }

    private static <V> StoreBuilder<?> store(final String name, final Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }
}
