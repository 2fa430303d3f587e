package io.optgate.platform.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigErrorsTest {

    @Test
    void everyProblemIsReportedInOneException() {
        final Env env = Env.of(Map.of("PORT", "http", "TTL", "soon"));
        final ConfigErrors errors = new ConfigErrors();

        final int port = errors.collect(() -> env.port("PORT", 8080), 8080);
        final Duration ttl = errors.collect(() -> env.duration("TTL", Duration.ofDays(7)), Duration.ofDays(7));
        errors.add(new ConfigProblem("CROSS_CHECK", null, "needs PORT"));

        assertThat(port).isEqualTo(8080);
        assertThat(ttl).isEqualTo(Duration.ofDays(7));
        final ConfigException failure = catchThrowableOfType(ConfigException.class, errors::throwIfAny);
        assertThat(failure.problems()).extracting(ConfigProblem::variable)
                .containsExactly("PORT", "TTL", "CROSS_CHECK");
        assertThat(failure).hasMessage("""
                Invalid configuration (3 problems):
                  - PORT='http': must be an integer between 0 and 65535
                  - TTL='soon': must be an ISO-8601 duration such as PT30S or P7D
                  - CROSS_CHECK needs PORT""");
    }

    @Test
    void nestedConfigurationProblemsAreMergedIntoTheOuterReport() {
        final Env env = Env.of(Map.of("OPTGATE_HTTP_PORT", "x", "OPTGATE_PUBLIC_URL", "ftp://host"));
        final ConfigErrors errors = new ConfigErrors();

        errors.collect(() -> CommonConfig.from(env), null);

        assertThatThrownBy(errors::throwIfAny)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::variable)
                        .containsExactly("OPTGATE_HTTP_PORT", "OPTGATE_PUBLIC_URL"));
    }

    @Test
    void nothingIsThrownWithoutProblems() {
        final ConfigErrors errors = new ConfigErrors();

        errors.collect(() -> "fine", "fallback");

        assertThat(errors.isEmpty()).isTrue();
        errors.throwIfAny();
    }
}
