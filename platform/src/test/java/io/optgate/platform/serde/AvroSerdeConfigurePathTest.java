package io.optgate.platform.serde;

import static io.optgate.platform.serde.TestRecords.refillReminder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optgate.schema.MessageRequest;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Kafka clients can build the serde from class names in their config, as with Confluent's. */
class AvroSerdeConfigurePathTest {

    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, TestRecords.freshMockUrl());

    @Test
    @SuppressWarnings("unchecked")
    void serializerAndDeserializerBuiltByClassNameRoundTripIntoTheWritersGeneratedClass() {
        final Serializer<MessageRequest> serializer = Utils.newInstance(AvroSerializer.class);
        final Deserializer<Object> deserializer = Utils.newInstance(AvroDeserializer.class);
        serializer.configure(config, false);
        deserializer.configure(config, false);

        final Object read = deserializer.deserialize("message.requests",
            serializer.serialize("message.requests", refillReminder()));

        assertThat(read).isInstanceOf(MessageRequest.class).isEqualTo(refillReminder());
    }

    @Test
    @SuppressWarnings("unchecked")
    void serdeBuiltByClassNameReadsIntoTheConfiguredType() {
        final AvroSerde<MessageRequest> serde = Utils.newInstance(AvroSerde.class);
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, config.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL),
            AvroSerdeConfig.VALUE_TYPE, MessageRequest.class.getName()), false);

        final MessageRequest read = serde.deserializer().deserialize("message.requests",
            serde.serializer().serialize("message.requests", refillReminder()));

        assertThat(read).isEqualTo(refillReminder());
    }

    @Test
    void configuredTypeMustBeAGeneratedAvroClass() {
        final AvroSerde<MessageRequest> serde = new AvroSerde<>();

        assertThatThrownBy(() -> serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://x",
            AvroSerdeConfig.VALUE_TYPE, String.class.getName()), false))
            .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.VALUE_TYPE);
    }

    @Test
    void missingRegistryUrlIsAConfigErrorNamingTheSetting() {
        assertThatThrownBy(() -> new AvroSerializer<MessageRequest>().configure(Map.of(), false))
            .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void unconfiguredSerializerSaysWhatIsMissing() {
        assertThatThrownBy(() -> new AvroSerializer<MessageRequest>().serialize("message.requests", refillReminder()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
    }
}
