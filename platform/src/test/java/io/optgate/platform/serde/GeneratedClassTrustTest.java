package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import java.io.IOException;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/** Avro may load our generated classes by name, and still nothing else. */
class GeneratedClassTrustTest {

    @Test
    void generatedRecordsAndEnumsAreTrustedOnceInstalled() throws IOException {
        GeneratedClassTrust.ensureInstalled();

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(MessageRequest.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(Channel.class)).isTrue();
        assertThat(MessageRequest.fromByteBuffer(TestRecords.refillReminder().toByteBuffer()))
            .isEqualTo(TestRecords.refillReminder());
    }

    @Test
    void arbitraryClassesStayUntrusted() {
        GeneratedClassTrust.ensureInstalled();

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(ProcessBuilder.class)).isFalse();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroSerdes.class)).isFalse();
    }
}
