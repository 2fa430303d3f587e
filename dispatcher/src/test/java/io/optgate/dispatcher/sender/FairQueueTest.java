package io.optgate.dispatcher.sender;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FairQueueTest {

    private static List<String> drain(final FairQueue<String> queue) {
        final List<String> order = new ArrayList<>();
        for (Optional<String> next = queue.poll(); next.isPresent(); next = queue.poll()) {
            order.add(next.get());
        }
        return order;
    }

    @Test
    void aCampaignDoesNotStarveAnotherPracticesPrescription() {
        final FairQueue<String> queue = new FairQueue<>();
        for (int i = 1; i <= 5; i++) {
            queue.addLast("campaign-vet", "offer-" + i);
        }
        queue.addLast("small-vet", "prescription");

        assertThat(drain(queue)).containsExactly("offer-1", "prescription", "offer-2", "offer-3", "offer-4", "offer-5");
    }

    @Test
    void practicesTakeTurnsOneMessageEachAndKeepTheirOwnOrder() {
        final FairQueue<String> queue = new FairQueue<>();
        queue.addLast("a", "a1");
        queue.addLast("a", "a2");
        queue.addLast("b", "b1");
        queue.addLast("c", "c1");
        queue.addLast("c", "c2");
        queue.addLast("c", "c3");

        assertThat(drain(queue)).containsExactly("a1", "b1", "c1", "a2", "c2", "c3");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void peekShowsWhoseTurnItIsWithoutTakingIt() {
        final FairQueue<String> queue = new FairQueue<>();
        assertThat(queue.peek()).isEmpty();
        queue.addLast("a", "a1");
        queue.addLast("b", "b1");

        assertThat(queue.peek()).contains("a1");
        assertThat(queue.peek()).contains("a1");
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.poll()).contains("a1");
        assertThat(queue.peek()).contains("b1");
    }

    @Test
    void aRetryGoesBackInFrontOfItsPracticesQueue() {
        final FairQueue<String> queue = new FairQueue<>();
        queue.addLast("a", "a2");
        queue.addLast("b", "b1");
        queue.addFirst("a", "a1-retry");

        assertThat(drain(queue)).containsExactly("a1-retry", "b1", "a2");
    }

    @Test
    void messagesOfRevokedPartitionsCanBeDropped() {
        final FairQueue<String> queue = new FairQueue<>();
        queue.addLast("a", "p0-a1");
        queue.addLast("a", "p1-a2");
        queue.addLast("b", "p1-b1");
        queue.addLast("c", "p0-c1");

        assertThat(queue.removeIf(item -> item.startsWith("p1-"))).isEqualTo(2);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(drain(queue)).containsExactly("p0-a1", "p0-c1");
    }
}
