package io.optgate.dispatcher.progress;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Finds out, by probes, up to which instant consent is current ({@link ConsentProgress}). A probe
 * taken at instant {@code t}:
 * <ol>
 *   <li>reads the stable end offsets of consent-streams' inputs ({@code consent.events},
 *       {@code consent.phone-events}, {@code consent.settings}): everything appended before {@code t}
 *       lies below them;</li>
 *   <li>waits until consent-streams has committed past them: it has applied all of it, and under
 *       exactly-once its outputs are committed with those offsets;</li>
 *   <li>does the same for consent-streams' own repartition topic, which every input passes (the
 *       records written there in step 2 are below its end offsets read now);</li>
 *   <li>reads the stable end offsets of {@code consent.state} and waits, partition by partition,
 *       until this dispatcher's application has committed past them: its judge has read every
 *       version that those inputs caused. Then that partition is current up to {@code t}.</li>
 * </ol>
 * When steps 1 to 3 have passed, consent-streams has applied every input appended before {@code t}:
 * {@link #appliedUpTo} (what the SMS sender's send-time check waits for). A clock made with
 * {@code readByDispatcher} false stops there (step 4 is the dispatcher's own reading, which the sender
 * does not need, and which lags when the dispatcher is behind on its input).
 *
 * <p>A probe whose inputs have not moved since the last complete one needs only step 1: nothing was
 * appended since, so consent is current up to the new probe's instant at once (the common case:
 * consent changes are human-paced, message requests are not). One probe runs at a time; a step
 * that fails (Kafka unreachable, a timeout) starts the probe again, and meanwhile nothing advances,
 * so requests wait and are finally decided {@code CONSENT_STALE}: when in doubt, nothing is sent.
 *
 * <p>Not covered: what the dispatcher reads from global stores ({@code consent.phone-state},
 * {@code consent.settings}) is current as the global thread happens to be; a STOP for a number on a
 * client's record reaches that client's {@code consent.state} too (consent-streams writes both in one
 * transaction), so only a request for a client never seen, to a number stopped moments before,
 * relies on the global store's own pace (docs/dispatcher.md).
 */
public final class ConsentClock implements ConsentProgress, ConsentApplied {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentClock.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    /**
     * Where the probe looks.
     *
     * @param consentInputs      consent-streams' input topics
     * @param consentRepartition consent-streams' repartition topic ({@code <its application.id>-consent-by-tenant-repartition})
     * @param consentGroup       consent-streams' {@code application.id}
     * @param consentState       {@code consent.state}
     * @param dispatcherGroup    this dispatcher's {@code application.id}
     * @param consentPartitions  partitions of {@code consent.state}
     */
    public record Sources(List<String> consentInputs, String consentRepartition, String consentGroup,
                          String consentState, String dispatcherGroup, int consentPartitions) {
        public Sources {
            consentInputs = List.copyOf(consentInputs);
            Objects.requireNonNull(consentRepartition, "consentRepartition");
            Objects.requireNonNull(consentGroup, "consentGroup");
            Objects.requireNonNull(consentState, "consentState");
            Objects.requireNonNull(dispatcherGroup, "dispatcherGroup");
            if (consentPartitions < 1) {
                throw new IllegalArgumentException("consentPartitions must be at least 1: " + consentPartitions);
            }
        }
    }

    private enum Step { START, INPUTS_APPLIED, REPARTITION_APPLIED, DISPATCHER_READ }

    private final OffsetsView offsets;
    private final Sources sources;
    private final Clock clock;
    private final AtomicLongArray current;
    private final boolean readByDispatcher;
    private final AtomicLong applied = new AtomicLong(Long.MIN_VALUE);

    private Step step = Step.START;
    private long probeAt;
    private Map<TopicPartition, Long> inputEnds;
    private Map<TopicPartition, Long> awaited;
    private Map<TopicPartition, Long> confirmedInputEnds;
    private long lastWarning = Long.MIN_VALUE;

    ConsentClock(final OffsetsView offsets, final Sources sources, final Clock clock) {
        this(offsets, sources, clock, true);
    }

    /**
     * @param readByDispatcher whether a probe also waits for this dispatcher to read consent-streams'
     *                         output (step 4, {@link #currentUpTo}); without it only {@link #appliedUpTo} moves
     */
    ConsentClock(final OffsetsView offsets, final Sources sources, final Clock clock, final boolean readByDispatcher) {
        this.readByDispatcher = readByDispatcher;
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = new AtomicLongArray(sources.consentPartitions());
        for (int p = 0; p < sources.consentPartitions(); p++) {
            current.set(p, Long.MIN_VALUE);
        }
    }

    @Override
    public long currentUpTo(final int consentPartition) {
        return consentPartition >= 0 && consentPartition < current.length() ? current.get(consentPartition) : Long.MIN_VALUE;
    }

    @Override
    public long appliedUpTo() {
        return applied.get();
    }

    /** The oldest instant any partition is current up to: how far behind consent may be. */
    public long oldestCurrent() {
        long oldest = Long.MAX_VALUE;
        for (int p = 0; p < current.length(); p++) {
            oldest = Math.min(oldest, current.get(p));
        }
        return oldest;
    }

    /** One step of the probe; called by one thread only ({@link ConsentClockRunner}). */
    void tick() {
        try {
            advance();
        } catch (final RuntimeException e) {
            step = Step.START;
            final long now = clock.millis();
            if (lastWarning == Long.MIN_VALUE || now - lastWarning >= WARN_EVERY.toMillis()) {
                lastWarning = now;
                final long oldest = readByDispatcher ? oldestCurrent() : applied.get();
                LOG.warn("consent progress: a probe failed ({}); consent is known {} only up to {}, {} wait",
                        e.getMessage(), readByDispatcher ? "current" : "applied", oldest == Long.MIN_VALUE ? "nothing yet"
                                : java.time.Instant.ofEpochMilli(oldest), readByDispatcher ? "requests" : "texts to send");
            }
        }
    }

    private void advance() {
        switch (step) {
            case START -> {
                probeAt = clock.millis();
                inputEnds = offsets.stableEnds(sources.consentInputs());
                if (inputEnds.equals(confirmedInputEnds)) {
                    applied.accumulateAndGet(probeAt, Math::max);
                    if (readByDispatcher) {
                        for (int p = 0; p < current.length(); p++) {
                            raise(p, probeAt);
                        }
                    }
                    return;
                }
                awaited = inputEnds;
                step = Step.INPUTS_APPLIED;
                advance();
            }
            case INPUTS_APPLIED -> {
                if (reached(offsets.committed(sources.consentGroup()), awaited)) {
                    awaited = offsets.stableEnds(List.of(sources.consentRepartition()));
                    step = Step.REPARTITION_APPLIED;
                    advance();
                }
            }
            case REPARTITION_APPLIED -> {
                if (reached(offsets.committed(sources.consentGroup()), awaited)) {
                    applied.accumulateAndGet(probeAt, Math::max);
                    if (!readByDispatcher) {
                        confirmedInputEnds = inputEnds;
                        step = Step.START;
                        return;
                    }
                    awaited = offsets.stableEnds(List.of(sources.consentState()));
                    step = Step.DISPATCHER_READ;
                    advance();
                }
            }
            case DISPATCHER_READ -> {
                final Map<TopicPartition, Long> read = offsets.committed(sources.dispatcherGroup());
                final List<Integer> pending = new ArrayList<>();
                for (int p = 0; p < current.length(); p++) {
                    final TopicPartition partition = new TopicPartition(sources.consentState(), p);
                    if (read.getOrDefault(partition, 0L) >= awaited.getOrDefault(partition, 0L)) {
                        raise(p, probeAt);
                    } else {
                        pending.add(p);
                    }
                }
                if (pending.isEmpty()) {
                    confirmedInputEnds = inputEnds;
                    step = Step.START;
                }
            }
        }
    }

    private void raise(final int partition, final long instant) {
        current.accumulateAndGet(partition, instant, Math::max);
    }

    private static boolean reached(final Map<TopicPartition, Long> committed, final Map<TopicPartition, Long> ends) {
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() > 0 && committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
