package io.optgate.dispatcher.sender;

import io.micrometer.core.instrument.MeterRegistry;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.progress.ConsentApplied;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the texts on {@code dispatch.outbound.sms} through a {@link MessageGateway}, paced, fair
 * across practices, retried with backoff, checked against consent just before each hand-over, and
 * never handed over twice. This class runs the poll thread's loop ({@link SendLoop}, which only orchestrates); each job has its
 * own class:
 * {@link OutboundDecoder} (decoding, dead letters), {@link HandOverPolicy} (what to do with a text,
 * the send-time check), {@link ConsentTail} (consent as it is now), {@link Ledger} (the ledger's
 * restore and views), {@link SenderTransactions} (the transaction protocol), {@link OutcomeRecords}
 * and {@link ResultSettlement} (what is written about a text), {@link HandOvers} (the workers).
 *
 * <h2>How "never twice" holds</h2>
 * One poll thread owns a {@code read_committed} consumer and one transactional producer. Each round
 * it picks the texts to hand over and writes, in one Kafka transaction that also carries the
 * consumer offsets (so a zombie instance whose partitions moved is fenced by the group generation),
 * a {@link LedgerEntry.State#HANDED_OVER} ledger entry per text; only after that transaction commits
 * does a worker give the text to the provider. Outcomes (a DeliveryEvent, the ledger's
 * {@link LedgerEntry.State#DONE}, a carrier opt-out) and the offsets they allow are committed together
 * in a later transaction. After a crash or a rebalance the new owner first reads its committed
 * offsets (which waits for any pending transaction of the old owner), then the ledger from the
 * restore point stored in the offset metadata; a text found HANDED_OVER without an outcome is not
 * given again but recorded FAILED {@code OPTGATE_UNCONFIRMED}: the design prefers losing that one
 * text to sending it twice (see docs/twilio.md).
 *
 * <h2>The send-time check</h2>
 * In each round, before the first text is picked, the round waits until consent-streams is known to
 * have applied every consent input appended before the round began ({@link ConsentApplied}), then the
 * {@link ConsentTail} reads the consent topics up to end offsets fetched then; every text picked in
 * the round is judged against that. So a staff level-down or a STOP appended before the round stops
 * every text not yet picked, and at most the texts picked in that round or already in flight,
 * together at most {@code maxConcurrency}, can still go after it. A raw STOP on
 * {@code consent.phone-events} is seen even sooner (the tail reads that topic too).
 *
 * <h2>Pacing and fairness</h2>
 * Texts wait in one queue per practice, served round-robin ({@link FairQueue}); a hand-over needs a
 * permit from the {@link Pacer}, whose rate is {@code maxMps} times the share of the outbound
 * partitions this instance owns, taken up to {@link HandOverPicker#PACING_HORIZON} ahead so that one
 * round (one transaction) hands over several texts, each worker starting at its permit's instant;
 * at most {@code maxConcurrency} hand-overs are in flight (waiting for a permit counts); a 429
 * pauses every hand-over not yet holding a permit for Retry-After. A text whose {@code expiresAt} passes while it waits is
 * not sent (FAILED {@code OPTGATE_EXPIRED}). Unreadable records go to {@code <topic>.dlq}.
 */
public final class SmsSender implements AutoCloseable {

    /** errorCode of a text whose expiresAt passed before it could be handed over. */
    public static final String EXPIRED = "OPTGATE_EXPIRED";
    /** errorCode of a text that was handed over but whose outcome is unknown. */
    public static final String UNCONFIRMED = "OPTGATE_UNCONFIRMED";

    private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);

    private final SenderSettings settings;
    private final MessageGateway gateway;
    private final HandOvers handOvers;
    private final SendLoop loop;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean crashed;
    private Thread thread;

    /** Lifecycle of the sender. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Reading and sending. */
        RUNNING,
        /** Finishing what is in flight, then stopping. */
        STOPPING,
        /** Stopped, cleanly or by a crash. */
        STOPPED,
        /** Stopped by an error it cannot recover from; see {@link #failure()}. */
        FAILED
    }

    /**
     * @param topics      what it reads and writes, with their serdes
     * @param settings    rates and limits
     * @param kafkaConfig client settings shared by every client it makes (bootstrap.servers, security);
     *                    the settings "never twice" depends on are forced
     * @param gateway     the provider
     * @param practices   each practice's sending number and preferences
     * @param meters      where the counts go ({@code optgate.twilio.sender.*})
     * @param clock       for expiry, pacing and event times
     */
    public SmsSender(final SenderTopics topics, final SenderSettings settings, final Map<String, Object> kafkaConfig,
                     final MessageGateway gateway, final PracticeDirectory practices, final MeterRegistry meters,
                     final Clock clock) {
        this(topics, settings, kafkaConfig, gateway, practices, meters, clock, ConsentApplied.UNWATCHED);
    }

    /**
     * @param applied how far consent-streams is known to have applied its inputs: a round hands over
     *                only once it covers the round's beginning ({@link ConsentApplied#UNWATCHED}: not
     *                waited for). Its instants are {@code clock}'s.
     */
    public SmsSender(final SenderTopics topics, final SenderSettings settings, final Map<String, Object> kafkaConfig,
                     final MessageGateway gateway, final PracticeDirectory practices, final MeterRegistry meters,
                     final Clock clock, final ConsentApplied applied) {
        Objects.requireNonNull(topics, "topics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.handOvers = new HandOvers(gateway, settings.maxConcurrency());
        this.loop = new SendLoop(topics, settings, new SenderClients(kafkaConfig, settings), gateway,
                Objects.requireNonNull(practices, "practices"), new SenderMetrics(meters),
                Objects.requireNonNull(clock, "clock"), handOvers, this::stopping, () -> crashed,
                Objects.requireNonNull(applied, "applied"));
    }

    /** Starts the poll thread. */
    public synchronized void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "twilio-sender");
        thread.start();
        LOG.info("SMS sender started: group={} provider={} maxMps={} maxConcurrency={}",
                settings.groupId(), gateway.provider(), settings.maxMps(), settings.maxConcurrency());
    }

    /** The current lifecycle state. */
    public State state() {
        return state.get();
    }

    /** Why the sender stopped by itself, if it did: any Throwable, an Error too (then {@link #state()} is FAILED). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Stops gracefully: no new hand-overs, the ones in flight finish (up to the drain timeout),
     * their outcomes and offsets are committed, then the clients close. Idempotent.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * Stops as a crash would: nothing more is committed, the provider connections are cut, pending
     * transactions are left to be aborted by the next instance. For tests of the recovery path.
     */
    void crash() {
        stop(true);
    }

    private void stop(final boolean crash) {
        final Thread running;
        synchronized (this) {
            if (state.get() == State.NEW) {
                state.set(State.STOPPED);
                handOvers.shutdown(true);
                gateway.close();
                return;
            }
            running = thread;
            if (crash) {
                crashed = true;
            }
            state.compareAndSet(State.RUNNING, State.STOPPING);
        }
        loop.wakeup();
        if (crash) {
            handOvers.shutdown(true);
            gateway.close();
        }
        try {
            running.join(settings.drainTimeout().plusSeconds(30).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopping() {
        return state.get() != State.RUNNING;
    }

    private void run() {
        try {
            loop.open();
            while (!stopping()) {
                try {
                    loop.round();
                } catch (final WakeupException e) {
                    if (!stopping()) {
                        throw e;
                    }
                }
            }
            if (!crashed) {
                loop.drainAll();
            }
            loop.closeClients();
            state.set(State.STOPPED);
            LOG.info("SMS sender stopped{}", crashed ? " abruptly" : "");
        } catch (final WakeupException e) {
            loop.closeClients();
            state.set(crashed || stopping() ? State.STOPPED : State.FAILED);
        } catch (final Throwable e) { // an Error too: a sender that stops must say so, never die quietly
            if (crashed) {
                loop.closeClients();
                state.set(State.STOPPED);
                return;
            }
            failure.set(e);
            state.set(State.FAILED);
            LOG.error("SMS sender failed and stopped; texts not yet handed over stay on the topic", e);
            try {
                loop.closeClients();
            } catch (final Throwable closing) {
                e.addSuppressed(closing);
            }
        } finally {
            handOvers.shutdown(true);
            if (!crashed) {
                gateway.close();
            }
        }
    }

    /** The most outbound offsets and ledger views held in memory at once (for tests that memory stays bounded). */
    int peakTracked() {
        return loop.peakTracked();
    }
}
