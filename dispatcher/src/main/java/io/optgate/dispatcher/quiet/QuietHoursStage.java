package io.optgate.dispatcher.quiet;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.practice.PracticeStores;
import io.optgate.dispatcher.practice.StorePracticeDirectory;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.ConsentState;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The quiet-hours part of the topology, between the judge and the outbound topics: SEND texts
 * come in, the ones that may go now come out, held ones wait in {@link #HELD_STORE}, and every
 * hold (or a text that will not go because of its window) is written to {@code dispatch.deliveries}.
 */
public final class QuietHoursStage {

    /** Texts held for quiet hours, by release time. */
    public static final String HELD_STORE = "dispatcher.quiet-hours-held";

    private QuietHoursStage() {
    }

    /**
     * What the stage reads the stores' raw bytes with.
     *
     * @param consentStore   the versioned {@code consent.state} store of the sub-topology (the client's zone)
     * @param consentState   its deserializer and topic
     * @param settings       the {@code consent.settings} deserializer and topic (the practice's zone and window)
     */
    public record Reading(String consentStore, Deserializer<ConsentState> consentState, String consentStateTopic,
                          Deserializer<ConsentSetting> settings, String settingsTopic) {
    }

    /**
     * Adds the stage after {@code eligible} and returns the texts that may go to their outbound topic.
     *
     * @param eligible   the texts the judge decided SEND (key: client key)
     * @param requests   the value serde of message requests (the held store's)
     * @param deliveries where held and cancelled notices go
     * @param clock      the wall clock to read; empty: the stream thread's
     */
    public static KStream<String, MessageRequest> addTo(
            final KStream<String, MessageRequest> eligible, final Serde<MessageRequest> requests,
            final TopicSpec<String, DeliveryEvent> deliveries, final Reading reading, final Optional<Clock> clock) {
        final QuietHours rules = new QuietHours(QuietHoursData.load());
        final KStream<String, HoldOutcome> outcomes = eligible.process(
                new HoldSupplier(rules, clock, reading, requests), Named.as("quiet-hours-hold"), reading.consentStore());
        outcomes.filter((key, outcome) -> outcome.notice().isPresent(), Named.as("quiet-hours-noticed"))
                .mapValues(outcome -> outcome.notice().orElseThrow(), Named.as("quiet-hours-notice"))
                .to(deliveries.name(), deliveries.produced("quiet-hours-deliveries-sink"));
        return outcomes
                .filter((key, outcome) -> outcome.release().isPresent(), Named.as("quiet-hours-released"))
                .mapValues(outcome -> outcome.release().orElseThrow(), Named.as("quiet-hours-release"));
    }

    private record HoldSupplier(QuietHours rules, Optional<Clock> clock, Reading reading, Serde<MessageRequest> requests)
            implements ProcessorSupplier<String, MessageRequest, String, HoldOutcome> {

        @Override
        public Processor<String, MessageRequest, String, HoldOutcome> get() {
            return new QuietHoursHold(rules, clock, reading.consentStore(), HELD_STORE,
                    reading.consentState(), reading.consentStateTopic(), this::practices);
        }

        private PracticeDirectory practices(final ProcessorContext<?, ?> context) {
            final KeyValueStore<String, byte[]> settings = context.getStateStore(PracticeStores.SETTINGS_STORE);
            return new StorePracticeDirectory(() -> settings, reading.settings(), reading.settingsTopic());
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD_STORE), Serdes.String(), requests));
        }
    }
}
