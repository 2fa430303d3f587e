package io.optgate.consent.http;

import io.optgate.consent.numbers.SendingNumberTopology;
import io.optgate.platform.http.ApiException;
import io.optgate.platform.http.Principal;
import io.optgate.schema.SendingNumber;
import io.optgate.schema.SendingNumberClaim;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a sending number to one practice at the API: a practice's own key may not change its
 * {@code smsFrom} (403 {@code SENDING_NUMBER_SUPPORT_ONLY}); a change by a support key claims the
 * new number on {@code consent.number-claims} and waits until consent-streams' one deciding task
 * has answered (the owner appears in the global store {@value SendingNumberTopology#GLOBAL_OWNERS}):
 * the practice's own number goes on, another's is 409 {@code NUMBER_IN_USE}, naming the owner to a
 * support key only. After the settings are saved the old number is released.
 */
final class SendingNumberGuard {

    private static final Duration POLL = Duration.ofMillis(15);

    private final StoreAccess stores;
    private final ConsentPublisher publisher;
    private final Duration timeout;

    SendingNumberGuard(final StoreAccess stores, final ConsentPublisher publisher, final Duration timeout) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Returns once {@code wanted} may be saved as {@code tenantId}'s sending number: unchanged, cleared
     * by support, or claimed and won.
     *
     * @throws ApiException 403 {@code SENDING_NUMBER_SUPPORT_ONLY}, 409 {@code NUMBER_IN_USE}, 504
     *     {@code NOT_APPLIED_IN_TIME} when the claim was not decided in time
     */
    void claim(final Principal principal, final String tenantId, final Optional<String> current,
               final Optional<String> wanted, final Instant now) {
        if (current.equals(wanted)) {
            return;
        }
        if (principal instanceof Principal.TenantKey) {
            throw new ApiException(403, "SENDING_NUMBER_SUPPORT_ONLY", "A practice's sending number (smsFrom) is changed "
                    + "by optgate support only, so that a number always belongs to one practice; leave 'smsFrom' out or "
                    + "unchanged to update the other settings");
        }
        if (wanted.isEmpty()) {
            return;
        }
        final String number = wanted.get();
        Optional<SendingNumber> owner = owner(number);
        if (owner.isEmpty()) {
            publisher.publish(new SendingNumberClaim(number, tenantId, false, now));
            owner = await(number);
        }
        if (!owner.get().getTenantId().equals(tenantId)) {
            throw inUse(principal, number, owner.get().getTenantId());
        }
    }

    /** Frees {@code previous} when the practice's settings now name another number (or none). */
    void releaseReplaced(final String tenantId, final Optional<String> previous, final Optional<String> saved, final Instant now) {
        if (previous.isPresent() && !previous.equals(saved)) {
            publisher.publish(new SendingNumberClaim(previous.get(), tenantId, true, now));
        }
    }

    private static ApiException inUse(final Principal principal, final String number, final String owner) {
        final String whose = principal instanceof Principal.SupportKey
                ? number + " is the sending number of practice '" + owner + "'; support must change that practice's "
                + "settings first to release it"
                : "this number is another practice's sending number";
        return ApiException.conflict("NUMBER_IN_USE", "A sending number belongs to one practice only: " + whose
                + ". Nothing was changed.");
    }

    private Optional<SendingNumber> await(final String number) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final Optional<SendingNumber> owner = owner(number);
            if (owner.isPresent()) {
                return owner;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw ApiException.gatewayTimeout("NOT_APPLIED_IN_TIME", "the claim of the sending number was not decided "
                        + "within " + timeout.toMillis() + " ms; nothing was changed, try again");
            }
            // The claim is decided by a stream thread and reaches the global store a moment later;
            // polling it at a short interval, bounded by the PUT timeout, is the whole protocol.
            try {
                Thread.sleep(POLL.toMillis());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.serviceUnavailable("SHUTTING_DOWN", "the server is stopping", Duration.ofSeconds(1));
            }
        }
    }

    private Optional<SendingNumber> owner(final String number) {
        try {
            return Optional.ofNullable(stores.<SendingNumber>globalKeyValueStore(SendingNumberTopology.GLOBAL_OWNERS).get(number));
        } catch (final InvalidStateStoreException e) {
            throw ApiException.serviceUnavailable("NOT_READY", "sending numbers are not available yet; try again",
                    Duration.ofSeconds(1));
        }
    }
}
