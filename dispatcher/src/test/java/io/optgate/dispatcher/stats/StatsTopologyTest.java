package io.optgate.dispatcher.stats;

import io.optgate.dispatcher.DispatcherDriver;
import io.optgate.dispatcher.dispatch.DispatchTuning;
import io.optgate.schema.Category;
import io.optgate.schema.DispatchStats;
import io.optgate.schema.SmsLevel;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.optgate.dispatcher.DispatcherDriver.START;
import static io.optgate.dispatcher.DispatcherDriver.TENANT;
import static io.optgate.dispatcher.DispatcherDriver.consent;
import static io.optgate.dispatcher.DispatcherDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

class StatsTopologyTest {

    @TempDir
    Path stateDir;

    private DispatcherDriver dispatcher;

    @BeforeEach
    void start() {
        dispatcher = new DispatcherDriver(DispatchTuning.DEFAULTS, stateDir);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    /** The last record of each window: its final count. */
    private Map<Instant, DispatchStats> latestPerWindow() {
        final Map<Instant, DispatchStats> latest = new LinkedHashMap<>();
        final List<KeyValue<String, DispatchStats>> records = dispatcher.stats.readKeyValuesToList();
        for (final KeyValue<String, DispatchStats> record : records) {
            assertThat(record.key).isEqualTo(TENANT);
            latest.put(record.value.getWindowStart(), record.value);
        }
        return latest;
    }

    @Test
    void decisionsAreCountedPerPracticePerMinuteByVerdictAndReason() {
        dispatcher.consent(consent("opted-out", SmsLevel.OPTED_OUT, 1).build(), START.minusSeconds(60));
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r2", "c2", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r3", "opted-out", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.send(request("r4", "c1", Category.MARKETING).build());
        dispatcher.tick(Duration.ofMillis(1300));

        final Map<Instant, DispatchStats> windows = latestPerWindow();

        assertThat(windows).hasSize(1);
        final DispatchStats minute = windows.get(START);
        assertThat(minute.getWindowEnd()).isEqualTo(START.plusSeconds(60));
        assertThat(minute.getTotal()).isEqualTo(4L);
        assertThat(minute.getCountsByVerdict()).containsExactlyInAnyOrderEntriesOf(Map.of("SEND", 2L, "DROP", 2L));
        assertThat(minute.getCountsByReason())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ELIGIBLE", 2L, "OPTED_OUT", 1L, "LEVEL_TOO_LOW", 1L));
    }

    @Test
    void eachTaskHandsItsCountsOnOnceASecondNotWithEveryDecision() {
        for (int i = 0; i < 5; i++) {
            dispatcher.send(request("bad-" + i, "c1", Category.UNKNOWN).build());
        }
        assertThat(dispatcher.decided()).hasSize(5);
        assertThat(dispatcher.stats.isEmpty()).as("nothing before the hand-over").isTrue();

        dispatcher.tick(Duration.ofSeconds(1));

        final List<KeyValue<String, DispatchStats>> records = dispatcher.stats.readKeyValuesToList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value.getTotal()).isEqualTo(5L);
        assertThat(records.get(0).value.getCountsByReason()).containsExactly(Map.entry("INVALID_REQUEST", 5L));

        dispatcher.send(request("bad-5", "c1", Category.UNKNOWN).build());
        dispatcher.tick(Duration.ofSeconds(1));
        assertThat(latestPerWindow().get(START).getTotal()).as("the window's count grows by the next hand-over").isEqualTo(6L);
    }

    @Test
    void theNextMinuteStartsANewWindow() {
        dispatcher.send(request("r1", "c1", Category.BASIC_TRANSACTIONAL).build());
        dispatcher.tick(Duration.ofMillis(1300));
        dispatcher.tick(Duration.ofSeconds(60));
        dispatcher.send(request("r2", "c1", Category.UNKNOWN).setRequestedAt(dispatcher.now()).build());
        dispatcher.tick(Duration.ofSeconds(1));

        final Map<Instant, DispatchStats> windows = latestPerWindow();

        assertThat(windows.keySet()).containsExactly(START, START.plusSeconds(60));
        assertThat(windows.get(START).getCountsByReason()).containsExactly(Map.entry("ELIGIBLE", 1L));
        assertThat(windows.get(START.plusSeconds(60)).getCountsByReason()).containsExactly(Map.entry("INVALID_REQUEST", 1L));
    }
}
