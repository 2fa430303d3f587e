package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.dispatcher.quiet.QuietHoursStage;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.state.WindowStores;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.Channel;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PhoneConsentState;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The judging part of the dispatcher's topology: message requests, re-routed to where their
 * client's consent is when they were not written there ({@link RequestPlacement}), judged against the versioned consent table, one decision each, and eligible ones
 * routed to their channel's outbound topic, once their quiet hours are over ({@link QuietHoursStage}).
 */
public final class DispatchTopology {

    /**
     * Versioned store of {@code consent.state} (raw bytes) with its own changelog: restoring from
     * the source topic would drop records older than the history (see {@link ConsentVersions}).
     */
    public static final String CONSENT_STORE = "dispatcher.consent-state";
    /** Requests waiting out the grace period, by arrival time. */
    public static final String BUFFER_STORE = "dispatcher.request-buffer";
    /**
     * The buffer is empty between bursts, but each request leaves a put and a delete in its
     * changelog, and compaction never touches the active segment (7 days by default): without
     * these settings the buffer was the largest restore after a crash. Hourly segments let the
     * cleaner keep it near its live size plus a day of tombstones ({@code delete.retention.ms} stays
     * at its default, longer than any restore, so a restore never misses a delete and judges a
     * request twice).
     */
    static final Map<String, String> BUFFER_CHANGELOG = Map.of(
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
    /** Decisions per client and requestId within the duplicate window ({@link DecidedRequests}). */
    public static final String REQUEST_IDS_STORE = "dispatcher.request-ids";
    /**
     * {@link RequestIndex}: {@code <tenantId>:<requestId>} → the client key its decision is stored
     * under in {@link #REQUEST_IDS_STORE}, in the same task, without a changelog (rebuilt from
     * that store at every start of the task).
     */
    public static final String REQUEST_INDEX_STORE = "dispatcher.request-index";
    /** requestIds decided SEND per client and capped category, for the frequency caps. */
    public static final String SENT_STORE = "dispatcher.capped-sends";
    /**
     * Internal topic suffix of requests that arrived anywhere but where their client's consent is
     * (another key, another partitioner, another partition count); it has as many partitions as
     * {@code consent.state}, and records are placed in it by {@link io.optgate.platform.contract.KeyPlacement}.
     */
    public static final String REKEY_REPARTITION = "dispatcher.requests-by-client";

    private DispatchTopology() {
    }

    /**
     * What the stores' raw bytes are read with: the deserializers and the topics the bytes came from.
     */
    public record Reading(
            Deserializer<ConsentState> consentState, String consentStateTopic,
            Deserializer<PhoneConsentState> phoneState, String phoneStateTopic,
            Deserializer<ConsentSetting> settings, String settingsTopic) {
        public Reading {
            Objects.requireNonNull(consentState, "consentState");
            Objects.requireNonNull(consentStateTopic, "consentStateTopic");
            Objects.requireNonNull(phoneState, "phoneState");
            Objects.requireNonNull(phoneStateTopic, "phoneStateTopic");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(settingsTopic, "settingsTopic");
        }
    }

    /**
     * Adds the judging part and returns the decisions (key: client key; timestamp: decidedAt), for
     * the status and statistics parts to build on. The practice global stores must already be added.
     *
     * @param consentPartitions the partition count of {@code consent.state}: a request is judged
     *                          where its client key's partition among these is, re-routed there
     *                          when it was read anywhere else
     */
    public static KStream<String, DispatchDecision> addTo(
            final StreamsBuilder builder, final ContractTopics topics, final DispatchTuning tuning, final int consentPartitions) {
        final Reading reading = new Reading(
                topics.consentState().valueSerde().deserializer(), topics.consentState().name(),
                topics.consentPhoneState().valueSerde().deserializer(), topics.consentPhoneState().name(),
                topics.consentSettings().valueSerde().deserializer(), topics.consentSettings().name());
        final TopicSpec<String, MessageRequest> requestTopic = topics.messageRequests();
        builder.addStateStore(Stores.versionedKeyValueStoreBuilder(
                Stores.persistentVersionedKeyValueStore(CONSENT_STORE, tuning.consentHistory()), Serdes.String(), Serdes.ByteArray()));
        builder.stream(topics.consentState().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("consent-state-source"))
                .process(ConsentVersions::new, Named.as("consent-state-versions"), CONSENT_STORE);

        final KStream<String, MessageRequest> requests =
                builder.stream(requestTopic.name(), requestTopic.consumed("message-requests-source"));
        final Map<String, KStream<String, RequestPlacement.Placed>> byPlacement = requests
                .processValues(() -> new RequestPlacement(consentPartitions), Named.as("message-requests-placement"))
                .split(Named.as("message-requests-"))
                .branch((key, placed) -> placed.request() == null, Branched.withConsumer(tombstones -> tombstones
                        .mapValues(RequestPlacement.Placed::request, Named.as("message-requests-tombstone-request"))
                        .processValues(TombstoneDeadLetter::new, Named.as("message-requests-tombstone-dead-letter"))
                        .to(TopicNames.dlq(requestTopic.name()), Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("message-requests-dlq-sink")), "tombstone"))
                .branch((key, placed) -> !placed.home(), Branched.as("misplaced"))
                .defaultBranch(Branched.as("placed"));
        final KStream<String, MessageRequest> rerouted = byPlacement.get("message-requests-misplaced")
                .map((key, placed) -> KeyValue.pair(clientKey(placed.request()), placed.request()), Named.as("message-requests-rekey"))
                .repartition(Repartitioned.<String, MessageRequest>as(REKEY_REPARTITION)
                        .withKeySerde(requestTopic.keySerde())
                        .withValueSerde(requestTopic.valueSerde())
                        .withNumberOfPartitions(consentPartitions));
        final KStream<String, Outcome> outcomes = byPlacement.get("message-requests-placed")
                .mapValues(RequestPlacement.Placed::request, Named.as("message-requests-placed-request"))
                .merge(rerouted, Named.as("message-requests-by-client"))
                .process(new JudgeSupplier(requestTopic.valueSerde(), reading, tuning,
                        new DecidedRequests(topics.dispatchDecisions().valueSerde(), topics.dispatchDecisions().name())), Named.as("request-judge"), CONSENT_STORE);

        final KStream<String, DispatchDecision> decisions =
                outcomes.mapValues(Outcome::decision, Named.as("decision-of-outcome"));
        decisions.to(topics.dispatchDecisions().name(), topics.dispatchDecisions().produced("dispatch-decisions-sink"));

        final KStream<String, MessageRequest> eligible = outcomes
                .filter((key, outcome) -> outcome.outbound().isPresent(), Named.as("eligible"))
                .mapValues(outcome -> outcome.outbound().orElseThrow(), Named.as("request-of-outcome"));
        final BranchedKStream<String, MessageRequest> byChannel = QuietHoursStage.addTo(eligible, requestTopic.valueSerde(),
                        topics.dispatchDeliveries(), new QuietHoursStage.Reading(CONSENT_STORE, reading.consentState(),
                                reading.consentStateTopic(), reading.settings(), reading.settingsTopic()), tuning.wallClock())
                .split(Named.as("outbound-"));
        for (final Channel channel : TopicNames.sendableChannels()) {
            final TopicSpec<String, MessageRequest> outbound = topics.outbound(channel);
            byChannel.branch(
                    (key, request) -> request.getChannel() == channel,
                    Branched.<String, MessageRequest>withConsumer(
                            stream -> stream.to(outbound.name(), outbound.produced("outbound-" + lower(channel) + "-sink")))
                            .withName(lower(channel)));
        }
        byChannel.noDefaultBranch();
        return decisions;
    }

    private static String clientKey(final MessageRequest request) {
        return Identifiers.clientKey(request.getTenantId(), request.getClientId());
    }

    private static String lower(final Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    /** Supplies the judge together with the stores only it uses. */
    private record JudgeSupplier(Serde<MessageRequest> requestSerde, Reading reading, DispatchTuning tuning, DecidedRequests decided)
            implements ProcessorSupplier<String, MessageRequest, String, Outcome> {

        @Override
        public Processor<String, MessageRequest, String, Outcome> get() {
            return new RequestJudge(tuning, reading, decided);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.String(), requestSerde)
                            .withLoggingEnabled(BUFFER_CHANGELOG),
                    Stores.windowStoreBuilder(
                            WindowStores.persistent(REQUEST_IDS_STORE, tuning.decisionRetention(),
                                    tuning.decisionSegmentInterval(), tuning.duplicateWindow(), false),
                            Serdes.String(), Serdes.ByteArray()),
                    // Not logged, so WindowStores' checkpoint concern does not apply: no offsets at all.
                    Stores.windowStoreBuilder(
                            Stores.persistentWindowStore(REQUEST_INDEX_STORE, tuning.decisionRetention(),
                                    tuning.duplicateWindow(), false),
                            Serdes.String(), Serdes.String())
                            .withLoggingDisabled(),
                    Stores.windowStoreBuilder(
                            WindowStores.persistent(SENT_STORE,
                                    FrequencyCap.LONGEST_PERIOD, FrequencyCap.LONGEST_PERIOD, true),
                            Serdes.String(), Serdes.String()));
        }
    }
}
