package io.optgate.platform.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The partition count the dispatcher runs with, and which topics must share it.
 *
 * <p>{@code consent.state} and {@code dispatch.deliveries} must have the same count: the consent a
 * request is judged against, and the decisions and deliveries of the status stores, are placed by
 * it. A different count stops start-up, naming the topics and their counts.
 *
 * <p>{@code message.requests} may differ: upstream systems own it, and a record read from it that
 * is not where its client's consent is gets re-routed before it is judged (docs/dispatcher.md,
 * "Any producer"). That costs every such request a trip through an internal topic, so start-up
 * warns; repartitioning {@code message.requests} to the consent's count removes the cost.
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    /**
     * The partition count the dispatcher runs with: the count the existing joined topics share,
     * else that of {@code message.requests} when it exists (so that topics created now match it),
     * else {@code fallback}.
     *
     * @param joined   partition counts of {@code consent.state} and {@code dispatch.deliveries}
     *                 that exist, by name, in the order to report them
     * @param requests the partition count of {@code message.requests}, when it exists
     * @throws MismatchException when two joined topics differ
     */
    public static int partitions(final Map<String, Integer> joined, final OptionalInt requests, final int fallback) {
        final Set<Integer> counts = new TreeSet<>(joined.values());
        if (counts.size() > 1) {
            throw new MismatchException(joined);
        }
        return counts.isEmpty() ? requests.orElse(fallback) : counts.iterator().next();
    }

    /** The start-up warning when {@code message.requests} has another count than the dispatcher's. */
    public static Optional<String> requestsWarning(final String requestsTopic, final OptionalInt requests, final int partitions) {
        if (requests.isEmpty() || requests.getAsInt() == partitions) {
            return Optional.empty();
        }
        return Optional.of(requestsTopic + " has " + requests.getAsInt() + " partitions and consent.state " + partitions
                + ": every request not already in its client's consent partition is re-routed through an internal topic"
                + " before it is judged (correct, but slower); give " + requestsTopic + " " + partitions
                + " partitions to avoid it");
    }

    /** Joined topics with different partition counts. */
    public static final class MismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MismatchException(final Map<String, Integer> counts) {
            super(describe(new LinkedHashMap<>(counts)));
        }

        private static String describe(final Map<String, Integer> counts) {
            return "Topics placed by client key must have the same number of partitions, but "
                    + counts.entrySet().stream()
                            .map(e -> e.getKey() + " has " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + ". Repartition them to one count (more partitions, more instances) before starting the dispatcher.";
        }
    }
}
