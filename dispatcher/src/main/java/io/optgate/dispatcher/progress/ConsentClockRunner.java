package io.optgate.dispatcher.progress;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs two {@link ConsentClock}s' probes on a daemon thread, one step each every {@code interval},
 * with its own admin client: the dispatcher's ({@link #currentUpTo}, steps 1 to 4) and the SMS
 * sender's ({@link #appliedUpTo}, steps 1 to 3 only, so that a dispatcher behind on its own input
 * does not hold the sender's send-time check). Until {@link #start} it answers like a clock that
 * knows nothing.
 */
public final class ConsentClockRunner implements ConsentProgress, ConsentApplied, AutoCloseable {

    /** How often a probe takes a step: what a request waits at most, when nothing changed, for a probe to cover it. */
    public static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> adminConfig;
    private final ConsentClock.Sources sources;
    private final Clock clock;
    private volatile ConsentClock probe;
    private volatile ConsentClock appliedProbe;
    private volatile boolean closed;
    private Thread thread;
    private Admin admin;

    /**
     * @param kafka the app's Kafka client settings ({@code bootstrap.servers}, security)
     */
    public ConsentClockRunner(final Map<String, ?> kafka, final ConsentClock.Sources sources, final Clock clock) {
        this.adminConfig = new HashMap<>(Objects.requireNonNull(kafka, "kafka"));
        this.adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, sources.dispatcherGroup() + "-consent-progress");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long currentUpTo(final int consentPartition) {
        final ConsentClock running = probe;
        return running == null ? Long.MIN_VALUE : running.currentUpTo(consentPartition);
    }

    @Override
    public long appliedUpTo() {
        final ConsentClock running = appliedProbe;
        return running == null ? Long.MIN_VALUE : running.appliedUpTo();
    }

    /** How far behind consent is known current, for health and metrics; empty before the first probe. */
    public java.util.Optional<Duration> behind() {
        final ConsentClock running = probe;
        if (running == null || running.oldestCurrent() == Long.MIN_VALUE) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofMillis(Math.max(0, clock.millis() - running.oldestCurrent())));
    }

    /** Starts probing. */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        admin = Admin.create(adminConfig);
        final KafkaOffsets offsets = new KafkaOffsets(admin, CALL_TIMEOUT);
        final ConsentClock clockProbe = new ConsentClock(offsets, sources, clock, true);
        final ConsentClock appliedClock = new ConsentClock(offsets, sources, clock, false);
        probe = clockProbe;
        appliedProbe = appliedClock;
        thread = new Thread(() -> {
            while (!closed) {
                clockProbe.tick();
                appliedClock.tick();
                try {
                    Thread.sleep(INTERVAL.toMillis());
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, sources.dispatcherGroup() + "-consent-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(CALL_TIMEOUT.toMillis());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
