package io.optgate.dispatcher.practice;

import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;

/**
 * Which practices have texted a number: every request handed to the SMS sender
 * ({@code dispatch.outbound.sms}) is recorded on {@code dispatch.texted-numbers} (compacted) under
 * {@code <E.164>:<tenantId>} (value: the tenantId), and every instance holds that topic as the global
 * store {@value #STORE}. A STOP sent to a Messaging Service's shared number then reaches the
 * practices that texted it even when the number is on record for none of their clients (a client
 * without a number on record may be texted at any number). The key starts with the number so one
 * range read lists a number's practices; compaction keeps one record per pair.
 */
public final class TextedNumbers {

    /** Global store of {@code dispatch.texted-numbers}. */
    public static final String STORE = "dispatcher.texted-numbers";

    private TextedNumbers() {
    }

    /** Adds the recording of texted numbers and their global store. */
    public static void addTo(final StreamsBuilder builder, final TopicSpec<String, MessageRequest> outboundSms,
                             final String textedTopic) {
        builder.stream(outboundSms.name(), outboundSms.consumed("texted-numbers-source"))
                .filter((key, request) -> request != null && Identifiers.isE164(request.getTo())
                        && Identifiers.isValidId(request.getTenantId()), Named.as("texted-numbers-valid"))
                .map((key, request) -> KeyValue.pair(key(request.getTo(), request.getTenantId()),
                        request.getTenantId().getBytes(StandardCharsets.UTF_8)), Named.as("texted-numbers-by-phone"))
                .to(textedTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("texted-numbers-sink"));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                textedTopic,
                org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("texted-numbers-global-source"),
                () -> new PracticeStores.StoreUpdater(STORE));
    }

    /** The store key of a number texted by a practice. */
    static String key(final String e164, final String tenantId) {
        return Identifiers.textedNumberKey(e164, tenantId);
    }

    /** The first key after every key of {@code e164}: the next string after the key's separator. */
    static String after(final String e164) {
        final String first = Identifiers.textedNumberKey(e164, "");
        return first.substring(0, first.length() - 1) + (char) (first.charAt(first.length() - 1) + 1);
    }
}
