package io.optgate.faults;

import io.optgate.schema.Category;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the test itself knows of each client's consent over time, from the changes it wrote: the
 * judge for "ineligible at its time". It only ever says "certainly ineligible": after a START the
 * level the client returns to is consent-streams' business, so such a client is not judged until
 * its next STOP. A state counts only once it has held for {@link #SETTLE}, which covers the
 * dispatcher's grace for consent changes arriving after a request (OPTGATE_DISPATCH_GRACE, 1 s) and
 * the clocks of the test and the apps, which are one machine's.
 */
final class ConsentTimeline {

    /** How long a change must be old before the test holds the apps to it. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    /** A client's consent as far as the test knows it. */
    record State(boolean known, boolean suppressed, boolean full, boolean marketing) {
        static final State UNKNOWN = new State(false, false, false, false);

        /** Whether a text of this category certainly must not go. */
        boolean forbids(final Category category) {
            if (!known) {
                return false;
            }
            if (suppressed) {
                return true;
            }
            return switch (category) {
                case FULL_TRANSACTIONAL -> !full;
                case MARKETING -> !marketing;
                default -> false;
            };
        }
    }

    private record Change(Instant at, State state, String label) {
    }

    private final Map<String, List<Change>> byClient = new ConcurrentHashMap<>();

    /** Records that from {@code at} on, the client's consent is {@code state}. */
    void record(final String clientKey, final Instant at, final State state, final String label) {
        byClient.computeIfAbsent(clientKey, key -> new ArrayList<>());
        final List<Change> changes = byClient.get(clientKey);
        synchronized (changes) {
            changes.add(new Change(at, state, label));
        }
    }

    /** The client's changes up to {@code at}, for a report: "FULL@10:00:01.123 STOP@...". */
    String historyUntil(final String clientKey, final Instant at) {
        final List<Change> changes = byClient.getOrDefault(clientKey, List.of());
        synchronized (changes) {
            final StringBuilder out = new StringBuilder();
            for (final Change change : changes) {
                if (!change.at().isAfter(at)) {
                    out.append(change.label()).append('@').append(change.at()).append(' ');
                }
            }
            return out.toString().trim();
        }
    }

    /** The client's latest state as of now (what the next change builds on). */
    State latest(final String clientKey) {
        final List<Change> changes = byClient.getOrDefault(clientKey, List.of());
        synchronized (changes) {
            return changes.isEmpty() ? State.UNKNOWN : changes.get(changes.size() - 1).state();
        }
    }

    /** The state that had held for at least {@link #SETTLE} at {@code at}, if one had. */
    Optional<State> settledAt(final String clientKey, final Instant at) {
        final List<Change> changes = byClient.getOrDefault(clientKey, List.of());
        synchronized (changes) {
            Change current = null;
            for (final Change change : changes) {
                if (change.at().isAfter(at)) {
                    break;
                }
                current = change;
            }
            if (current == null || current.at().plus(SETTLE).isAfter(at)) {
                return Optional.empty();
            }
            return Optional.of(current.state());
        }
    }

    /** When the change that had settled at {@code at} was written, if one had. */
    Optional<Instant> settledChangeAt(final String clientKey, final Instant at) {
        final List<Change> changes = byClient.getOrDefault(clientKey, List.of());
        synchronized (changes) {
            Instant current = null;
            for (final Change change : changes) {
                if (change.at().isAfter(at)) {
                    break;
                }
                current = change.at();
            }
            return current == null || current.plus(SETTLE).isAfter(at) ? Optional.empty() : Optional.of(current);
        }
    }

    /** What the change that had settled at {@code at} was ("STOP", "BASIC", ...), if one had. */
    Optional<String> settledChangeLabel(final String clientKey, final Instant at) {
        final List<Change> changes = byClient.getOrDefault(clientKey, List.of());
        synchronized (changes) {
            Change current = null;
            for (final Change change : changes) {
                if (change.at().isAfter(at)) {
                    break;
                }
                current = change;
            }
            return current == null || current.at().plus(SETTLE).isAfter(at) ? Optional.empty() : Optional.of(current.label());
        }
    }

    /** The client's whole history, for a report. */
    String history(final String clientKey) {
        return historyUntil(clientKey, Instant.MAX);
    }

    /** Whether a text of {@code category} to this client certainly must not go at {@code at}. */
    boolean forbids(final String clientKey, final Category category, final Instant at) {
        return settledAt(clientKey, at).map(state -> state.forbids(category)).orElse(false);
    }
}
