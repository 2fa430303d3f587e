package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.sender.OutcomeRecords.Outcome;
import io.optgate.schema.DeliveryStatus;
import io.optgate.schema.PhoneConsentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Turns what happened to a text into the writes that record it: what a hand-over attempt came to
 * ({@link SendResult}: the outcome, or a RELEASED entry and a scheduled retry; a 429 also pauses the
 * text's practice for the capped Retry-After), or the {@link HandOverPolicy}'s reason not to hand it over (unconfirmed, expired, cancelled).
 */
final class ResultSettlement {

    private static final Logger LOG = LoggerFactory.getLogger(ResultSettlement.class);
    private static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(1);

    private final OutcomeRecords records;
    private final RetryPolicy retries;
    private final SenderMetrics metrics;
    private final String provider;
    private final RandomGenerator random = RandomGenerator.getDefault();

    ResultSettlement(final OutcomeRecords records, final RetryPolicy retries, final SenderMetrics metrics,
                     final String provider) {
        this.records = records;
        this.retries = retries;
        this.metrics = metrics;
        this.provider = provider;
    }

    /** The write recording {@code result} of the attempt {@code p}. */
    Write settle(final Pending p, final SendResult result, final PracticePauses pauses, final Instant now) {
        final String requestId = p.request().getRequestId();
        if (result instanceof SendResult.Accepted accepted) {
            metrics.outcome("queued");
            return records.settled(p, new Outcome(p.attempt(), DeliveryStatus.QUEUED, accepted.providerMessageId(),
                    null, null, Optional.empty()), now);
        } else if (result instanceof SendResult.DryRun) {
            metrics.outcome("dry_run");
            return records.settled(p, Outcome.of(p.attempt(), DeliveryStatus.DRY_RUN, null, null), now);
        } else if (result instanceof SendResult.Rejected rejected) {
            LOG.info("requestId={} rejected by {}: code={}", requestId, provider, rejected.errorCode());
            final Optional<PhoneConsentEvent> optOut = rejected.recipientOptedOut()
                    ? Optional.of(OutcomeRecords.carrierOptOut(p.request(), now)) : Optional.empty();
            metrics.outcome("rejected");
            return records.settled(p, new Outcome(p.attempt(), DeliveryStatus.FAILED, null, rejected.errorCode(),
                    rejected.errorMessage(), optOut), now);
        } else if (result instanceof SendResult.NotAccepted notAccepted) {
            return retryOrGiveUp(p, notAccepted, pauses, now);
        } else if (result instanceof SendResult.Unconfirmed unconfirmed) {
            LOG.warn("requestId={}: {}; not sent again, recorded FAILED {}", requestId, unconfirmed.reason(),
                    SmsSender.UNCONFIRMED);
            metrics.outcome("unconfirmed");
            return records.settled(p, Outcome.of(p.attempt(), DeliveryStatus.FAILED, SmsSender.UNCONFIRMED,
                    unconfirmed.reason()), now);
        }
        throw new IllegalStateException("unknown send result " + result.getClass().getName());
    }

    /**
     * The write recording a text the policy settled without a hand-over; empty when nothing needs
     * writing (it is already handled).
     */
    Optional<Write> settle(final Pending p, final HandOverPolicy.Verdict verdict, final Instant now) {
        final String requestId = p.request().getRequestId();
        if (verdict instanceof HandOverPolicy.Verdict.AlreadyHandled) {
            metrics.outcome("already_done");
            return Optional.empty();
        } else if (verdict instanceof HandOverPolicy.Verdict.Unconfirmed unconfirmed) {
            LOG.warn("requestId={} was handed over before a restart and has no outcome: not sent again, "
                    + "recorded FAILED {}", requestId, SmsSender.UNCONFIRMED);
            metrics.outcome("unconfirmed_after_restart");
            return Optional.of(records.settled(p, Outcome.of(unconfirmed.attempt(), DeliveryStatus.FAILED,
                    SmsSender.UNCONFIRMED, "the sender stopped after handing the text over and before the provider's "
                            + "answer was recorded; not sent again"), now));
        } else if (verdict instanceof HandOverPolicy.Verdict.Expired expired) {
            metrics.outcome("expired");
            return Optional.of(records.settled(p, Outcome.of(expired.attempt(), DeliveryStatus.FAILED,
                    SmsSender.EXPIRED, "expired at " + expired.expiresAt() + " before it could be handed over"), now));
        } else if (verdict instanceof HandOverPolicy.Verdict.Cancelled cancelled) {
            LOG.info("requestId={} tenantId={} cancelled before hand-over: {}", requestId, p.request().getTenantId(),
                    cancelled.reason());
            metrics.cancelled(cancelled.reason());
            return Optional.of(records.settled(p, Outcome.of(cancelled.attempt(), DeliveryStatus.CANCELLED,
                    cancelled.reason().name(), "not handed over: no longer eligible ("
                            + cancelled.detail().orElse(cancelled.reason().name()) + ")"), now));
        }
        throw new IllegalStateException("not a settlement without hand-over: " + verdict);
    }

    private Write retryOrGiveUp(final Pending p, final SendResult.NotAccepted notAccepted, final PracticePauses pauses,
                                final Instant now) {
        if (notAccepted.throttled()) {
            pauses.pause(p.request().getTenantId(),
                    now.plus(retries.honoured(notAccepted.retryAfter()).orElse(DEFAULT_THROTTLE)));
        }
        final Optional<Duration> delay = retries.delayAfter(p.attempt(), notAccepted.retryAfter(), random);
        if (delay.isPresent()) {
            LOG.info("requestId={} not accepted by {} (code={}, attempt {}): retrying in {}",
                    p.request().getRequestId(), provider, notAccepted.errorCode(), p.attempt(), delay.get());
            metrics.outcome("retried");
            return records.released(p, new Scheduled(now.plus(delay.get()), p.withAttempt(p.attempt() + 1)), now);
        }
        metrics.outcome("gave_up");
        return records.settled(p, Outcome.of(p.attempt(), DeliveryStatus.FAILED, notAccepted.errorCode(),
                "gave up after " + p.attempt() + " attempts: " + notAccepted.errorMessage()), now);
    }
}
