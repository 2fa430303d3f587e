package io.optgate.dispatcher.sender;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Messages waiting for their turn, one FIFO queue per practice, served round-robin: each practice
 * with something waiting gets one message per round, so a practice's ten-thousand-text campaign
 * delays another practice's prescription notice by at most one message per busy practice.
 * Not thread-safe: owned by the sender's poll thread.
 *
 * @param <T> the queued item
 */
final class FairQueue<T> {

    /** Practices in round-robin order; the head is the practice whose turn it is. */
    private final Map<String, Deque<T>> queues = new LinkedHashMap<>();
    private int size;

    /** Queues an item behind the practice's other items. */
    void addLast(final String tenantId, final T item) {
        queues.computeIfAbsent(tenantId, t -> new ArrayDeque<>()).addLast(item);
        size++;
    }

    /**
     * Puts an item back in front of the practice's other items (a retry that is due keeps its place
     * in the practice's order); the practice's turn is not moved.
     */
    void addFirst(final String tenantId, final T item) {
        queues.computeIfAbsent(tenantId, t -> new ArrayDeque<>()).addFirst(item);
        size++;
    }

    /** The item whose turn it is, without taking it. */
    Optional<T> peek() {
        return queues.values().stream().findFirst().map(Deque::peekFirst);
    }

    /** The item whose turn it is among the practices {@code ready} accepts, without taking it. */
    Optional<T> peek(final Predicate<String> ready) {
        return queues.entrySet().stream().filter(e -> ready.test(e.getKey())).findFirst()
                .map(e -> e.getValue().peekFirst());
    }

    /** Takes that item ({@link #peek(Predicate)}'s) and moves its practice to the back of the round. */
    Optional<T> poll(final Predicate<String> ready) {
        final Iterator<Map.Entry<String, Deque<T>>> it = queues.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, Deque<T>> turn = it.next();
            if (!ready.test(turn.getKey())) {
                continue;
            }
            final T item = turn.getValue().pollFirst();
            it.remove();
            if (!turn.getValue().isEmpty()) {
                queues.put(turn.getKey(), turn.getValue());
            }
            size--;
            return Optional.of(item);
        }
        return Optional.empty();
    }

    /** Takes the item whose turn it is and moves that practice to the back of the round. */
    Optional<T> poll() {
        final Iterator<Map.Entry<String, Deque<T>>> it = queues.entrySet().iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        final Map.Entry<String, Deque<T>> turn = it.next();
        final T item = turn.getValue().pollFirst();
        it.remove();
        if (!turn.getValue().isEmpty()) {
            queues.put(turn.getKey(), turn.getValue());
        }
        size--;
        return Optional.of(item);
    }

    /** Drops every item matching the filter (messages of partitions this instance no longer owns). */
    int removeIf(final Predicate<? super T> filter) {
        int removed = 0;
        final Iterator<Deque<T>> it = queues.values().iterator();
        while (it.hasNext()) {
            final Deque<T> queue = it.next();
            final int before = queue.size();
            queue.removeIf(filter);
            removed += before - queue.size();
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        size -= removed;
        return removed;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
