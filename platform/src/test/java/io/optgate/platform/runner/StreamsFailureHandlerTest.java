package io.optgate.platform.runner;

import io.optgate.platform.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

class StreamsFailureHandlerTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private StreamsFailureHandler handler(final int maxReplacements) {
        return new StreamsFailureHandler("test-app", failure -> failure instanceof UncheckedIOException,
                maxReplacements, Duration.ofMinutes(10), clock);
    }

    @Test
    void aRetriableKafkaErrorAnywhereInTheChainReplacesTheThread() {
        final StreamsException wrapped = new StreamsException("task failed", new TimeoutException("broker slow"));

        assertThat(handler(10).handle(wrapped)).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void anUnreachableSchemaRegistryReplacesTheThread() {
        final StreamsException wrapped = new StreamsException(
                new SchemaRegistryUnavailableException("registry down after 3 attempts", null));

        assertThat(handler(10).handle(wrapped)).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void failuresTheAppDeclaresRetriableReplaceTheThread() {
        assertThat(handler(10).handle(new StreamsException(new UncheckedIOException(new java.io.IOException("disk")))))
                .isEqualTo(REPLACE_THREAD);
    }

    @Test
    void anyOtherFailureShutsTheInstanceDown() {
        assertThat(handler(10).handle(new StreamsException(new IllegalStateException("bug")))).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void tooManyReplacementsWithinTheWindowShutTheInstanceDown() {
        final StreamsFailureHandler handler = handler(2);
        final TimeoutException retriable = new TimeoutException("slow");

        assertThat(handler.handle(retriable)).isEqualTo(REPLACE_THREAD);
        assertThat(handler.handle(retriable)).isEqualTo(REPLACE_THREAD);
        assertThat(handler.handle(retriable)).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void replacementsOutsideTheWindowNoLongerCount() {
        final StreamsFailureHandler handler = handler(1);
        final TimeoutException retriable = new TimeoutException("slow");

        assertThat(handler.handle(retriable)).isEqualTo(REPLACE_THREAD);
        now.set(now.get().plus(Duration.ofMinutes(11)));

        assertThat(handler.handle(retriable)).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void theDescriptionNamesTheOuterFailureAndItsRootCause() {
        final StreamsException failure = new StreamsException("task 0_1 failed",
                new IllegalStateException("wrapper", new ArithmeticException("/ by zero")));

        assertThat(StreamsFailureHandler.describe(failure)).isEqualTo(
                "org.apache.kafka.streams.errors.StreamsException: task 0_1 failed"
                        + " (caused by java.lang.ArithmeticException: / by zero)");
    }
}
