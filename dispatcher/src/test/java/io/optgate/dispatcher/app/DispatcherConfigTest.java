package io.optgate.dispatcher.app;

import io.optgate.platform.config.CommonConfig;
import io.optgate.dispatcher.decision.FrequencyCap;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.dispatcher.progress.ConsentWatch;
import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatcherConfigTest {

    @Test
    void everySettingHasADefault() {
        final DispatcherConfig config = DispatcherConfig.from(Env.of(Map.of()));

        assertThat(config.tuning()).as("no fixed wait: requests wait for consent to be current instead")
                .isEqualTo(DispatchTuning.DEFAULTS.withGrace(Duration.ZERO));
        assertThat(config.consentWatch()).isEqualTo(ConsentWatch.DEFAULTS);
        assertThat(config.partitions()).isEqualTo(CommonConfig.DEFAULT_TOPIC_PARTITIONS);
        assertThat(config.topics().messageRequests()).isEqualTo("message.requests");
    }

    @Test
    void settingsAreReadFromTheirVariables() {
        final DispatcherConfig config = DispatcherConfig.from(Env.of(Map.of(
                DispatcherConfig.GRACE, "PT0S",
                DispatcherConfig.DUPLICATE_WINDOW, "P1D",
                DispatcherConfig.CONSENT_HISTORY, "PT12H",
                DispatcherConfig.STATUS_RETENTION, "P90D",
                CommonConfig.TOPIC_PARTITIONS, "12",
                "OPTGATE_TOPIC_MESSAGE_REQUESTS", "prod.message.requests")));

        assertThat(config.tuning()).isEqualTo(new DispatchTuning(Duration.ZERO, Duration.ofDays(1), Duration.ofHours(12), Duration.ofDays(90)));
        assertThat(config.partitions()).isEqualTo(12);
        assertThat(config.topics().messageRequests()).isEqualTo("prod.message.requests");
    }

    @Test
    void theWaitForConsentStreamsIsReadFromItsVariablesAndCanBeSwitchedOff() {
        final DispatcherConfig config = DispatcherConfig.from(Env.of(Map.of(
                DispatcherConfig.CONSENT_MAX_WAIT, "PT2M", DispatcherConfig.CONSENT_APPLICATION_ID, "prod-consent")));
        assertThat(config.consentWatch()).isEqualTo(new ConsentWatch(java.util.Optional.of(Duration.ofMinutes(2)), "prod-consent"));
        assertThat(config.tuning().consentMaxWait()).isEqualTo(Duration.ofMinutes(2));

        assertThat(DispatcherConfig.from(Env.of(Map.of(DispatcherConfig.CONSENT_MAX_WAIT, "off"))).consentWatch().enabled()).isFalse();
        assertThatThrownBy(() -> DispatcherConfig.from(Env.of(Map.of(DispatcherConfig.CONSENT_MAX_WAIT, "PT0S"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DispatcherConfig.CONSENT_MAX_WAIT);
    }

    @Test
    void theMarketingCapIsReadFromItsVariable() {
        assertThat(DispatcherConfig.from(Env.of(Map.of(DispatcherConfig.MARKETING_CAP, "5/P7D"))).tuning().marketingCap())
                .contains(new FrequencyCap(5, Duration.ofDays(7)));
        assertThat(DispatcherConfig.from(Env.of(Map.of(DispatcherConfig.MARKETING_CAP, "off"))).tuning().marketingCap()).isEmpty();
        assertThatThrownBy(() -> DispatcherConfig.from(Env.of(Map.of(DispatcherConfig.MARKETING_CAP, "3 a day"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DispatcherConfig.MARKETING_CAP);
    }

    @Test
    void everyBadValueIsReportedAtOnceNamingItsVariable() {
        assertThatThrownBy(() -> DispatcherConfig.from(Env.of(Map.of(
                DispatcherConfig.GRACE, "one second",
                DispatcherConfig.DUPLICATE_WINDOW, "PT0S",
                CommonConfig.TOPIC_PARTITIONS, "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DispatcherConfig.GRACE)
                .hasMessageContaining(DispatcherConfig.DUPLICATE_WINDOW)
                .hasMessageContaining(CommonConfig.TOPIC_PARTITIONS);
    }
}
