package io.optgate.consent.numbers;

import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhonePractices;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/**
 * The practices that have each mobile number on record, for the dispatcher to apply a STOP sent to
 * a Messaging Service's shared number (which belongs to no practice):
 * <pre>
 *  consent.state ─ re-group by phone ─ count clients per practice ─ consent.phone-practices (compacted)
 * </pre>
 * A table re-grouping: when a client's number changes, the old number loses the client and the new
 * one gains it, so a number lists exactly the practices with some client holding it now.
 */
public final class PhonePracticesTopology {

    /** Per number, how many clients of each practice hold it ({@link PracticeCounts}). */
    public static final String COUNTS = "consent.phone-practice-counts";
    /** The table of {@code consent.state} the index is built from. */
    public static final String CLIENTS = "consent.phone-practices-clients";

    private PhonePracticesTopology() {
    }

    /** Adds the index. */
    public static void build(final StreamsBuilder builder, final ContractTopics topics) {
        final TopicSpec<String, ConsentState> states = topics.consentState();
        final TopicSpec<String, PhonePractices> index = topics.consentPhonePractices();
        builder.table(states.name(), states.consumed("phone-practices-state-source"),
                        Materialized.<String, ConsentState, KeyValueStore<Bytes, byte[]>>as(CLIENTS)
                                .withKeySerde(Serdes.String()).withValueSerde(states.valueSerde()))
                .groupBy((key, state) -> KeyValue.pair(state.getPhone(), state.getTenantId()),
                        Grouped.with("phone-practices-by-phone", Serdes.String(), Serdes.String()))
                .aggregate(() -> "", PracticeCounts::add, PracticeCounts::remove,
                        Named.as("phone-practices-count"),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(COUNTS)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .toStream(Named.as("phone-practices-changes"))
                .mapValues((phone, counts) -> {
                    final List<String> tenants = PracticeCounts.tenants(counts);
                    return tenants.isEmpty() ? null : new PhonePractices(phone, tenants);
                }, Named.as("phone-practices-list"))
                .to(index.name(), index.produced("phone-practices-sink"));
    }
}
