package io.optgate.platform.runner;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes an orchestrator sees once an app runs (the start-up ones are each app's main test). */
class AppMainTest {

    @Test
    void aComponentThatFailedByItselfEndsTheProcessWithOne() throws Exception {
        final AtomicInteger watched = new AtomicInteger();
        final int code = AppMain.awaitEnd("app", timeout -> {
            watched.incrementAndGet();
            return Optional.empty();
        }, () -> watched.get() < 3 ? Optional.empty() : Optional.of(new OutOfMemoryError("sender")), Duration.ZERO);

        assertThat(code).isEqualTo(1);
    }

    @Test
    void streamsThatFailExitWithOneAndACleanStopWithZero() throws Exception {
        assertThat(AppMain.awaitEnd("app", timeout -> Optional.of(KafkaStreams.State.ERROR), Optional::empty,
                Duration.ZERO)).isEqualTo(1);
        assertThat(AppMain.awaitEnd("app", timeout -> Optional.of(KafkaStreams.State.NOT_RUNNING), Optional::empty,
                Duration.ZERO)).isEqualTo(0);
    }
}
