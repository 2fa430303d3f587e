package io.optgate.consent.numbers;

import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.SendingNumber;
import io.optgate.schema.SendingNumberClaim;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * Who owns each sending number, decided in one place:
 * <pre>
 *  consent.number-claims (key E.164) ─ number-claims ─ consent.sending-numbers (compacted) ─┬─ global store (the API)
 *  consent.settings (smsFrom) ─ claim ─┘  (store consent.number-owners)                      └─ the dispatcher
 * </pre>
 * The consent API claims a number before it saves a practice's settings with it, and answers from
 * the global store whether the claim won; a settings record written straight to
 * {@code consent.settings} claims its {@code smsFrom} too, so numbers saved before claims existed,
 * or by an upstream, get their owner (or are refused) the same way. See docs/consent-streams.md.
 */
public final class SendingNumberTopology {

    /** The deciding store: number → owning tenantId, in the task of the number's partition. */
    public static final String OWNERS = "consent.number-owners";
    /** Every instance's copy of {@code consent.sending-numbers}: number → {@link SendingNumber}. */
    public static final String GLOBAL_OWNERS = "consent.sending-numbers-global";

    private SendingNumberTopology() {
    }

    /** Adds the claim processor and the global store of owners. */
    public static void build(final StreamsBuilder builder, final ContractTopics topics) {
        final TopicSpec<String, SendingNumberClaim> claims = topics.consentNumberClaims();
        final TopicSpec<String, SendingNumber> owners = topics.consentSendingNumbers();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OWNERS),
                Serdes.String(), Serdes.String()));
        builder.stream(claims.name(), claims.consumed("number-claims-source"))
                .process(NumberClaimProcessor::new, Named.as("number-claims"), OWNERS)
                .to(owners.name(), owners.produced("sending-numbers-sink"));
        builder.globalTable(owners.name(), owners.consumed("sending-numbers-global-source"),
                Materialized.<String, SendingNumber, KeyValueStore<Bytes, byte[]>>as(GLOBAL_OWNERS)
                        .withKeySerde(Serdes.String()).withValueSerde(owners.valueSerde()));
    }

    /** Every practice's settings with a {@code smsFrom} claim that number (a no-op when it owns it). */
    public static void claimFromSettings(final KStream<String, ConsentSetting> settings, final ContractTopics topics) {
        final TopicSpec<String, SendingNumberClaim> claims = topics.consentNumberClaims();
        settings.flatMap((key, setting) -> setting != null && setting.getSetting() instanceof CommunicationSettings communication
                                && communication.getSmsFrom() != null && setting.getTenantId().equals(key)
                                ? List.of(KeyValue.pair(communication.getSmsFrom(), new SendingNumberClaim(
                                communication.getSmsFrom(), setting.getTenantId(), false, setting.getUpdatedAt())))
                                : List.<KeyValue<String, SendingNumberClaim>>of(),
                        Named.as("settings-claim-sending-number"))
                .to(claims.name(), claims.produced("settings-claims-sink"));
    }
}
