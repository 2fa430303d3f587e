package io.optgate.dispatcher.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingRequestsTest {

    private final WaitingRequests waiting = new WaitingRequests();

    @Test
    void readyAreThoseWhoseConsentIsCurrentAndWhoseGraceIsOverOldestNeedFirst() {
        waiting.add(RequestJudge.bufferKey(1_000, "vet-1:c-1", "r-1"), "vet-1:c-1|r-1", 1_000, 1_000);
        waiting.add(RequestJudge.bufferKey(1_100, "vet-1:c-2", "r-2"), "vet-1:c-2|r-2", 400, 1_100);
        waiting.add(RequestJudge.bufferKey(1_200, "vet-1:c-3", "r-3"), "vet-1:c-3|r-3", 1_200, 1_200);

        assertThat(waiting.ready(Long.MIN_VALUE, Long.MAX_VALUE)).as("nothing known current yet").isEmpty();
        assertThat(waiting.ready(1_000, Long.MAX_VALUE)).containsExactly(
                RequestJudge.bufferKey(1_100, "vet-1:c-2", "r-2"), RequestJudge.bufferKey(1_000, "vet-1:c-1", "r-1"));
        assertThat(waiting.ready(1_000, 1_050)).as("r-2 is still in its grace period")
                .containsExactly(RequestJudge.bufferKey(1_000, "vet-1:c-1", "r-1"));
        assertThat(waiting.ready(Long.MAX_VALUE, Long.MAX_VALUE)).hasSize(3);
    }

    @Test
    void aRemovedRequestIsNeitherReadyNorWaiting() {
        final String key = RequestJudge.bufferKey(1_000, "vet-1:c-1", "r-1");
        waiting.add(key, "vet-1:c-1|r-1", 1_000, 1_000);
        assertThat(waiting.contains("vet-1:c-1|r-1")).isTrue();

        waiting.remove(key);
        waiting.remove(key);

        assertThat(waiting.contains("vet-1:c-1|r-1")).isFalse();
        assertThat(waiting.ready(Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
        assertThat(waiting.size()).isZero();
    }

    @Test
    void addingTheSameBufferKeyAgainKeepsOneEntry() {
        final String key = RequestJudge.bufferKey(1_000, "vet-1:c-1", "r-1");
        waiting.add(key, "vet-1:c-1|r-1", 900, 1_000);
        waiting.add(key, "vet-1:c-1|r-1", 800, 1_000);

        assertThat(waiting.size()).isEqualTo(1);
        assertThat(waiting.ready(850, Long.MAX_VALUE)).containsExactly(key);
    }
}
