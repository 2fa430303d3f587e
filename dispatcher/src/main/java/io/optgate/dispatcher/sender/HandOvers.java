package io.optgate.dispatcher.sender;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-overs in flight: a fixed pool of {@code maxConcurrency} workers that give texts to the
 * gateway, and the queue their results come back on to the poll thread. The in-flight counts are
 * the poll thread's.
 */
final class HandOvers {

    private final MessageGateway gateway;
    private final ExecutorService workers;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, Integer> inFlight = new HashMap<>();
    private final AtomicReference<Error> fatal = new AtomicReference<>();

    /** A hand-over's result, from a worker to the poll thread. */
    record Completion(Pending pending, SendResult result) {
    }

    HandOvers(final MessageGateway gateway, final int maxConcurrency) {
        this.gateway = gateway;
        final AtomicInteger number = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxConcurrency, runnable -> {
            final Thread worker = new Thread(runnable, "twilio-sender-worker-" + number.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
    }

    /**
     * Gives a text (whose HANDED_OVER is committed) to a worker, which gives it to the gateway once
     * its {@link Pending#notBefore} (its pacer permit) has come; {@code now} is the sender's clock now.
     */
    void start(final Pending pending, final Instant now) {
        final long startAt = System.nanoTime() + Math.max(0, Duration.between(now, pending.notBefore()).toNanos());
        inFlight.merge(pending.tp(), 1, Integer::sum);
        final OutboundSms sms = new OutboundSms(pending.request().getRequestId(), pending.request().getTenantId(),
                pending.request().getClientId(), pending.request().getTo(), pending.request().getBody(),
                pending.smsFrom(), Optional.ofNullable(pending.request().getExpiresAt()), pending.attempt());
        try {
            workers.execute(() -> {
                SendResult result;
                try {
                    if (!waitUntil(startAt)) {
                        completions.add(new Completion(pending, new SendResult.Unconfirmed("the sender was stopping")));
                        return;
                    }
                    result = gateway.send(sms);
                } catch (final RuntimeException e) {
                    result = new SendResult.Unconfirmed("the gateway failed: " + e.getClass().getName());
                } catch (final Error e) {
                    // The text's fate is unknown, and the process may not be healthy: the poll thread fails the sender.
                    fatal.compareAndSet(null, e);
                    result = new SendResult.Unconfirmed("the gateway failed: " + e.getClass().getName());
                }
                completions.add(new Completion(pending, result));
            });
        } catch (final RejectedExecutionException e) {
            completions.add(new Completion(pending, new SendResult.Unconfirmed("the sender was stopping")));
        }
    }

    /** Sleeps until the {@link System#nanoTime} instant; false when interrupted (the sender stopping abruptly). */
    private static boolean waitUntil(final long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The results that came back; with {@code wait}, waits up to 50 ms for the first. */
    List<Completion> finished(final boolean wait) {
        return finished(wait ? Duration.ofMillis(50) : Duration.ZERO);
    }

    /** The results that came back, waiting up to {@code wait} for the first when none has. */
    List<Completion> finished(final Duration wait) {
        final List<Completion> done = new ArrayList<>();
        if (!wait.isZero() && !wait.isNegative()) {
            try {
                final Completion first = completions.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    done.add(first);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        completions.drainTo(done);
        done.forEach(c -> inFlight.merge(c.pending().tp(), -1, Integer::sum));
        return done;
    }

    /** Throws the first {@link Error} a worker met, so that it ends the sender instead of a worker alone. */
    void rethrowFatal() {
        final Error e = fatal.get();
        if (e != null) {
            throw e;
        }
    }

    int inFlight(final TopicPartition tp) {
        return inFlight.getOrDefault(tp, 0);
    }

    int inFlight() {
        int total = 0;
        for (final int n : inFlight.values()) {
            total += n;
        }
        return total;
    }

    /** No new hand-overs; with {@code cut}, the ones running are interrupted. */
    void shutdown(final boolean cut) {
        if (cut) {
            workers.shutdownNow();
        } else {
            workers.shutdown();
        }
    }
}
