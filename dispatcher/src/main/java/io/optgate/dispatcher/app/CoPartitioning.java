package io.optgate.dispatcher.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The dispatcher's topics that must have the same number of partitions: {@code message.requests}
 * and {@code consent.state} are joined by client key, and {@code dispatch.deliveries} feeds the
 * status store that decisions (from {@code message.requests}) feed too. A different count would
 * put a client's requests and consent in different tasks: judged against the wrong (empty)
 * consent. Start-up stops instead, naming the topics and their counts.
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    /**
     * The partition count the dispatcher runs with: the count the existing co-partitioned topics
     * share, or {@code fallback} when none exists yet.
     *
     * @param existing partition counts of the co-partitioned topics that exist, by name, in the
     *                 order to report them
     * @throws MismatchException when two existing topics differ
     */
    public static int partitions(final Map<String, Integer> existing, final int fallback) {
        final Set<Integer> counts = new TreeSet<>(existing.values());
        if (counts.size() > 1) {
            throw new MismatchException(existing);
        }
        return counts.isEmpty() ? fallback : counts.iterator().next();
    }

    /** Co-partitioned topics with different partition counts. */
    public static final class MismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MismatchException(final Map<String, Integer> counts) {
            super(describe(new LinkedHashMap<>(counts)));
        }

        private static String describe(final Map<String, Integer> counts) {
            return "Topics joined by client key must have the same number of partitions, but "
                    + counts.entrySet().stream()
                            .map(e -> e.getKey() + " has " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + ". Repartition them to one count (more partitions, more instances) before starting the dispatcher.";
        }
    }
}
