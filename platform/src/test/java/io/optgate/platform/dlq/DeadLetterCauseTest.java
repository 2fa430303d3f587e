package io.optgate.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.platform.serde.SchemaNotFoundException;
import io.optgate.platform.serde.SchemaRegistryException;
import io.optgate.platform.serde.SchemaRegistryUnavailableException;
import io.optgate.platform.serde.UnreadableRecordException;
import io.optgate.platform.serde.UnreadableRecordException.Reason;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** Bad bytes are dead-lettered with their reason; a registry problem never is. */
class DeadLetterCauseTest {

    @Test
    void unreadableRecordIsDeadLetteredWithItsReasonAndMessage() {
        final UnreadableRecordException unreadable = new UnreadableRecordException(Reason.UNKNOWN_SCHEMA_ID,
            "record value on topic consent.events names schema id 9, which the registry does not know",
            new SchemaNotFoundException("Schema 9 not found", 404, 40403));

        assertThat(DeadLetterCause.of(unreadable)).contains(new DeadLetterCause("UNKNOWN_SCHEMA_ID",
            "record value on topic consent.events names schema id 9, which the registry does not know"));
    }

    @Test
    void unreadableRecordIsFoundInsideWrappingExceptions() {
        final Exception wrapped = new RecordDeserializationException(new TopicPartition("consent.events", 0), 5L,
            "Error deserializing VALUE", new UnreadableRecordException(Reason.CORRUPT_PAYLOAD, "corrupt", null));

        assertThat(DeadLetterCause.of(new StreamsException(wrapped)))
            .hasValueSatisfying(cause -> assertThat(cause.reason()).isEqualTo("CORRUPT_PAYLOAD"));
    }

    @Test
    void registryOutageIsNeverDeadLettered() {
        final SchemaRegistryUnavailableException down = new SchemaRegistryUnavailableException("unavailable", null);

        assertThat(DeadLetterCause.of(down)).isEmpty();
        assertThat(DeadLetterCause.of(new SerializationException("wrapped", down))).isEmpty();
    }

    @Test
    void registryRefusingUsIsNeverDeadLettered() {
        assertThat(DeadLetterCause.of(new SchemaRegistryException("could not fetch schema 3 (HTTP 401)", 401, 40101)))
            .isEmpty();
    }

    @Test
    void otherDeserializerFailuresAreDeadLetteredNamingOnlyExceptionClasses() {
        final SerializationException foreign = new SerializationException("bad JSON near 'Rex needs his pills'",
            new IllegalArgumentException("Rex needs his pills"));

        assertThat(DeadLetterCause.of(foreign)).hasValueSatisfying(cause -> {
            assertThat(cause.reason()).isEqualTo(DeadLetterCause.DESERIALIZATION_FAILED);
            assertThat(cause.detail())
                .contains(SerializationException.class.getName(), IllegalArgumentException.class.getName())
                .doesNotContain("Rex");
        });
    }

    @Test
    void detailIsCappedSoHeadersStaySmall() {
        assertThat(new DeadLetterCause("CORRUPT_PAYLOAD", "x".repeat(5000)).detail()).hasSize(1003);
    }
}
