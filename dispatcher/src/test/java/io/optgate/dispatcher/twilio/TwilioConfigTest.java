package io.optgate.dispatcher.twilio;

import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.Env;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwilioConfigTest {

    static final String SID = "AC0123456789abcdef0123456789abcdef";

    @Test
    void withNothingSetTheSenderRunsDryAtTheDocumentedDefaults() {
        final TwilioConfig config = TwilioConfig.from(Env.of(Map.of()));

        assertThat(config.dryRun()).isTrue();
        assertThat(config.authToken()).isEmpty();
        assertThat(config.maxMps()).isEqualTo(10);
        assertThat(config.maxConcurrency()).isEqualTo(4);
        assertThat(config.retryPolicy().maxAttempts()).isEqualTo(5);
        assertThat(config.apiBaseUrl()).isEmpty();
        assertThat(config.messagingServiceSid()).isEmpty();
    }

    @Test
    void everyVariableIsRead() {
        final TwilioConfig config = TwilioConfig.from(Env.of(Map.of(
                "TWILIO_ACCOUNT_SID", SID,
                "TWILIO_AUTH_TOKEN", "secret-token",
                "TWILIO_MESSAGING_SERVICE_SID", "MG0123456789abcdef0123456789abcdef",
                "TWILIO_API_BASE_URL", "http://127.0.0.1:8089",
                "TWILIO_MAX_MPS", "2.5",
                "TWILIO_MAX_CONCURRENCY", "8",
                "TWILIO_MAX_ATTEMPTS", "3")));

        assertThat(config.dryRun()).isFalse();
        assertThat(config.credentials()).contains(new TwilioCredentials(SID, "secret-token"));
        assertThat(config.messagingServiceSid()).contains("MG0123456789abcdef0123456789abcdef");
        assertThat(config.apiBaseUrl()).contains(URI.create("http://127.0.0.1:8089"));
        assertThat(config.maxMps()).isEqualTo(2.5);
        assertThat(config.maxConcurrency()).isEqualTo(8);
        assertThat(config.retryPolicy().maxAttempts()).isEqualTo(3);
        assertThat(config.toString()).doesNotContain("secret-token");
    }

    @Test
    void retryAfterIsHonouredUpToSixtySecondsUnlessConfigured() {
        assertThat(TwilioConfig.from(Env.of(Map.of())).retryPolicy().maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(TwilioConfig.from(Env.of(Map.of("TWILIO_MAX_RETRY_AFTER", "15"))).retryPolicy().maxRetryAfter())
                .isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> TwilioConfig.from(Env.of(Map.of("TWILIO_MAX_RETRY_AFTER", "0"))))
                .hasMessageContaining("TWILIO_MAX_RETRY_AFTER");
    }

    @Test
    void aTokenAloneChecksWebhooksWhileTheSenderRunsDry() {
        final TwilioConfig config = TwilioConfig.from(Env.of(Map.of("TWILIO_AUTH_TOKEN", "t")));

        assertThat(config.dryRun()).isTrue();
        assertThat(config.authToken()).contains("t");
    }

    @Test
    void everyBadValueIsReportedAtOnceByItsVariable() {
        assertThatThrownBy(() -> TwilioConfig.from(Env.of(Map.of(
                "TWILIO_ACCOUNT_SID", "AC-nope",
                "TWILIO_MESSAGING_SERVICE_SID", "service",
                "TWILIO_API_BASE_URL", "ftp://example.com",
                "TWILIO_MAX_MPS", "0",
                "TWILIO_MAX_CONCURRENCY", "0",
                "TWILIO_MAX_ATTEMPTS", "many"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWILIO_ACCOUNT_SID")
                .hasMessageContaining("TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set")
                .hasMessageContaining("TWILIO_MESSAGING_SERVICE_SID")
                .hasMessageContaining("TWILIO_API_BASE_URL")
                .hasMessageContaining("TWILIO_MAX_MPS")
                .hasMessageContaining("TWILIO_MAX_CONCURRENCY")
                .hasMessageContaining("TWILIO_MAX_ATTEMPTS");
    }

    @Test
    void theTokenNeverAppearsInAnError() {
        assertThatThrownBy(() -> TwilioConfig.from(Env.of(Map.of("TWILIO_ACCOUNT_SID", "bad", "TWILIO_AUTH_TOKEN", "tok-123"))))
                .hasMessageNotContaining("tok-123");
    }
}
