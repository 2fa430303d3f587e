package io.optgate.consent.topology;

import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentSetting;
import io.optgate.schema.PhoneConsentEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The serde of the internal repartition topic: a tag byte, the source key, then the value exactly as
 * the source topic's serde writes it (Confluent wire format under the source topic's subject), so
 * the internal topic needs no schema of its own and a rolling upgrade reads older records by their
 * schema id. Layout: {@code [tag][key length: int, -1 for null][key UTF-8][value bytes, empty for null]}.
 */
final class TenantInputSerde implements Serde<TenantInput> {

    private static final byte CLIENT_EVENT = 1;
    private static final byte PHONE_EVENT = 2;
    private static final byte SETTING = 3;

    private final String eventsTopic;
    private final Serde<ConsentEvent> events;
    private final String phoneEventsTopic;
    private final Serde<PhoneConsentEvent> phoneEvents;
    private final String settingsTopic;
    private final Serde<ConsentSetting> settings;

    TenantInputSerde(final String eventsTopic, final Serde<ConsentEvent> events,
                     final String phoneEventsTopic, final Serde<PhoneConsentEvent> phoneEvents,
                     final String settingsTopic, final Serde<ConsentSetting> settings) {
        this.eventsTopic = eventsTopic;
        this.events = events;
        this.phoneEventsTopic = phoneEventsTopic;
        this.phoneEvents = phoneEvents;
        this.settingsTopic = settingsTopic;
        this.settings = settings;
    }

    @Override
    public Serializer<TenantInput> serializer() {
        return (topic, input) -> {
            if (input == null) {
                return null;
            }
            final byte tag;
            final byte[] value;
            if (input instanceof TenantInput.ClientEvent event) {
                tag = CLIENT_EVENT;
                value = events.serializer().serialize(eventsTopic, event.event());
            } else if (input instanceof TenantInput.PhoneEvent phone) {
                tag = PHONE_EVENT;
                value = phoneEvents.serializer().serialize(phoneEventsTopic, phone.signal());
            } else if (input instanceof TenantInput.Setting setting) {
                tag = SETTING;
                value = setting.setting() == null ? new byte[0] : settings.serializer().serialize(settingsTopic, setting.setting());
            } else {
                throw new SerializationException("unknown consent input " + input.getClass().getName());
            }
            final byte[] key = input.sourceKey() == null ? null : input.sourceKey().getBytes(StandardCharsets.UTF_8);
            final int keyLength = key == null ? 0 : key.length;
            final ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + keyLength + value.length);
            buffer.put(tag).putInt(key == null ? -1 : key.length);
            if (key != null) {
                buffer.put(key);
            }
            buffer.put(value);
            return buffer.array();
        };
    }

    /** The topic the input was read from. */
    String sourceTopic(final TenantInput input) {
        if (input instanceof TenantInput.ClientEvent) {
            return eventsTopic;
        }
        return input instanceof TenantInput.PhoneEvent ? phoneEventsTopic : settingsTopic;
    }

    /** The input's value as its source topic's serde writes it (null for a tombstone). */
    byte[] sourceValue(final TenantInput input) {
        if (input instanceof TenantInput.ClientEvent event) {
            return events.serializer().serialize(eventsTopic, event.event());
        }
        if (input instanceof TenantInput.PhoneEvent phone) {
            return phoneEvents.serializer().serialize(phoneEventsTopic, phone.signal());
        }
        final ConsentSetting setting = ((TenantInput.Setting) input).setting();
        return setting == null ? null : settings.serializer().serialize(settingsTopic, setting);
    }

    @Override
    public Deserializer<TenantInput> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                final byte tag = buffer.get();
                final int keyLength = buffer.getInt();
                final String key;
                if (keyLength < 0) {
                    key = null;
                } else {
                    final byte[] keyBytes = new byte[keyLength];
                    buffer.get(keyBytes);
                    key = new String(keyBytes, StandardCharsets.UTF_8);
                }
                final byte[] value = Arrays.copyOfRange(bytes, buffer.position(), bytes.length);
                return switch (tag) {
                    case CLIENT_EVENT -> new TenantInput.ClientEvent(key, events.deserializer().deserialize(eventsTopic, value));
                    case PHONE_EVENT -> new TenantInput.PhoneEvent(key, phoneEvents.deserializer().deserialize(phoneEventsTopic, value));
                    case SETTING -> new TenantInput.Setting(key,
                            value.length == 0 ? null : settings.deserializer().deserialize(settingsTopic, value));
                    default -> throw new SerializationException("unknown consent input tag " + tag);
                };
            } catch (final java.nio.BufferUnderflowException | NegativeArraySizeException e) {
                throw new SerializationException("truncated consent input record", e);
            }
        };
    }
}
