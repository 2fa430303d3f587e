package io.optgate.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    record View(Instant at, Duration ttl, Optional<String> phone, String pendingLevel) {
    }

    private final ObjectMapper mapper = Json.newObjectMapper();

    @Test
    void timesAreIsoStringsInUtcAndAbsentValuesAreNull() throws Exception {
        final View view = new View(Instant.parse("2026-03-01T08:00:00.250Z"), Duration.ofDays(7), Optional.empty(), null);

        assertThat(mapper.writeValueAsString(view)).isEqualTo(
                "{\"at\":\"2026-03-01T08:00:00.250Z\",\"ttl\":\"PT168H\",\"phone\":null,\"pendingLevel\":null}");
    }

    @Test
    void readingAcceptsOffsetsAndUnknownFields() throws Exception {
        final View view = mapper.readValue(
                "{\"at\":\"2026-03-01T09:00:00+01:00\",\"phone\":\"+15550100\",\"addedLater\":1}", View.class);

        assertThat(view.at()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
        assertThat(view.phone()).contains("+15550100");
    }
}
