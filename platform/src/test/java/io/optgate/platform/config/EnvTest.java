package io.optgate.platform.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvTest {

    @Test
    void unsetAndBlankVariablesFallBackToTheDefault() {
        final Env env = Env.of(Map.of("OPTGATE_HTTP_PORT", "  "));

        assertThat(env.port("OPTGATE_HTTP_PORT", 8080)).isEqualTo(8080);
        assertThat(env.string("MISSING", "fallback")).isEqualTo("fallback");
        assertThat(env.optional("OPTGATE_HTTP_PORT")).isEmpty();
    }

    @Test
    void valuesAreTrimmed() {
        assertThat(Env.of(Map.of("A", "  value \n")).required("A")).isEqualTo("value");
    }

    @Test
    void aMissingRequiredVariableIsNamed() {
        assertThatThrownBy(() -> Env.of(Map.of()).required("TWILIO_ACCOUNT_SID"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: TWILIO_ACCOUNT_SID is required but not set");
    }

    @Test
    void integersAreParsedAndRangeChecked() {
        final Env env = Env.of(Map.of("GOOD", "42", "WORD", "many", "HIGH", "70000"));

        assertThat(env.integer("GOOD", 1)).isEqualTo(42);
        assertThatThrownBy(() -> env.integer("WORD", 1))
                .hasMessage("Invalid configuration: WORD='many': must be an integer");
        assertThatThrownBy(() -> env.port("HIGH", 8080))
                .hasMessage("Invalid configuration: HIGH='70000': must be an integer between 0 and 65535");
        assertThatThrownBy(() -> env.integer("GOOD", 1, 50, Integer.MAX_VALUE))
                .hasMessage("Invalid configuration: GOOD='42': must be an integer of at least 50");
    }

    @Test
    void durationsAreIso8601AndNeverNegative() {
        final Env env = Env.of(Map.of("TTL", "P7D", "SHORT", "PT0.5S", "BAD", "7 days", "NEG", "-PT1S"));

        assertThat(env.duration("TTL", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(env.duration("SHORT", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(env.duration("UNSET", Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> env.duration("BAD", Duration.ZERO))
                .hasMessage("Invalid configuration: BAD='7 days': must be an ISO-8601 duration such as PT30S or P7D");
        assertThatThrownBy(() -> env.duration("NEG", Duration.ZERO))
                .hasMessageContaining("NEG='-PT1S': must not be negative");
    }

    @Test
    void urisMustBeAbsoluteAndHttpUrisNeedAHost() {
        final Env env = Env.of(Map.of(
                "REGISTRY", "http://registry:8081",
                "MOCK", "mock://local",
                "RELATIVE", "registry:8081/x y",
                "NO_HOST", "http:///path"));

        assertThat(env.uri("REGISTRY", null)).isEqualTo(URI.create("http://registry:8081"));
        assertThat(env.optionalUri("MOCK")).contains(URI.create("mock://local"));
        assertThat(env.optionalUri("UNSET")).isEmpty();
        assertThatThrownBy(() -> env.optionalUri("RELATIVE")).hasMessageContaining("RELATIVE='registry:8081/x y'");
        assertThatThrownBy(() -> env.optionalUri("NO_HOST")).hasMessageContaining("must be an absolute URI");
    }

    @Test
    void flagsAcceptOnOffTrueFalseInAnyCase() {
        final Env env = Env.of(Map.of("A", "ON", "B", "off", "C", "True", "D", "false", "E", "yes"));

        assertThat(env.flag("A", false)).isTrue();
        assertThat(env.flag("B", true)).isFalse();
        assertThat(env.flag("C", false)).isTrue();
        assertThat(env.flag("D", true)).isFalse();
        assertThat(env.flag("UNSET", true)).isTrue();
        assertThatThrownBy(() -> env.flag("E", true))
                .hasMessage("Invalid configuration: E='yes': must be on, off, true or false");
    }

    @Test
    void phoneNumbersMustBeE164() {
        final Env env = Env.of(Map.of("GOOD", "+4915112345678", "LOCAL", "015112345678", "SHORT", "+1234567"));

        assertThat(env.e164("GOOD")).contains("+4915112345678");
        assertThat(env.e164("UNSET")).isEmpty();
        assertThatThrownBy(() -> env.e164("LOCAL")).hasMessageContaining("must be an E.164 phone number");
        assertThatThrownBy(() -> env.e164("SHORT")).hasMessageContaining("SHORT='+1234567'");
    }

    @Test
    void secretValuesAreMaskedInErrors() {
        final Env env = Env.of(Map.of("TWILIO_AUTH_TOKEN_TTL", "s3cr3t-value"));

        assertThatThrownBy(() -> env.duration("TWILIO_AUTH_TOKEN_TTL", Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWILIO_AUTH_TOKEN_TTL='[hidden]'")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aPropertiesFileFillsInVariablesAndTheEnvironmentWins(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("optgate.properties");
        Files.writeString(file, "OPTGATE_HTTP_PORT=9090\nSCHEMA_REGISTRY_URL=http://from-file:8081\n");

        final Env env = Env.layered(Map.of(
                Env.CONFIG_FILE, file.toString(),
                "OPTGATE_HTTP_PORT", "7070"));

        assertThat(env.port("OPTGATE_HTTP_PORT", 8080)).isEqualTo(7070);
        assertThat(env.required("SCHEMA_REGISTRY_URL")).isEqualTo("http://from-file:8081");
    }

    @Test
    void anUnreadableConfigFileIsAConfigurationError(@TempDir final Path dir) {
        final String missing = dir.resolve("nope.properties").toString();

        assertThatThrownBy(() -> Env.layered(Map.of(Env.CONFIG_FILE, missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPTGATE_CONFIG_FILE='" + missing + "'")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void withReplacesOrRemovesOneVariable() {
        final Env env = Env.of(Map.of("A", "1", "B", "2"));

        assertThat(env.with("A", "3").asMap()).isEqualTo(Map.of("A", "3", "B", "2"));
        assertThat(env.with("B", "").asMap()).isEqualTo(Map.of("A", "1"));
        assertThat(env.asMap()).isEqualTo(Map.of("A", "1", "B", "2"));
    }

    @Test
    void toStringListsNamesButNoValues() {
        assertThat(Env.of(Map.of("OPTGATE_API_KEYS", "secret=*")).toString())
                .contains("OPTGATE_API_KEYS")
                .doesNotContain("secret=");
    }
}
