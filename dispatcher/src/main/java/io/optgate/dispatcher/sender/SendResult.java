package io.optgate.dispatcher.sender;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one hand-over attempt came to. The sender's whole retry and recording policy is a switch over
 * these cases, so the gateway only classifies and never retries by itself.
 */
public sealed interface SendResult {

    /** The provider took the message (Twilio: 201 with a Message SID). Recorded as QUEUED. */
    record Accepted(String providerMessageId) implements SendResult {
        /** Fails fast on a missing id. */
        public Accepted {
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /** No provider is configured; nothing left the process. Recorded as DRY_RUN. */
    record DryRun() implements SendResult {
    }

    /**
     * The provider refused the message for good (Twilio 4xx other than 429). Recorded as FAILED
     * with the provider's code and message.
     *
     * @param recipientOptedOut the provider says the recipient has opted out with the carrier
     *                          (Twilio 21610); the sender then also records CARRIER_OPT_OUT
     */
    record Rejected(String errorCode, String errorMessage, boolean recipientOptedOut) implements SendResult {
        /** Fails fast on a missing code. */
        public Rejected {
            Objects.requireNonNull(errorCode, "errorCode");
        }
    }

    /**
     * The provider did not take the message and asks to try later, or could not be reached at all
     * (Twilio 429 or 5xx, a connection that never opened). Retried by the {@link RetryPolicy}.
     *
     * @param retryAfter   the provider's Retry-After, if any
     * @param throttled    the provider throttles the whole account (429): every hand-over pauses
     */
    record NotAccepted(String errorCode, String errorMessage, Optional<Duration> retryAfter, boolean throttled)
            implements SendResult {
        /** Fails fast on missing fields. */
        public NotAccepted {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * The request may have reached the provider but its answer was lost (a read timeout, a
     * connection closed after sending). Not retried: a retry could send the text twice.
     */
    record Unconfirmed(String reason) implements SendResult {
        /** Fails fast on a missing reason. */
        public Unconfirmed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
