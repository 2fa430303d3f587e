package io.optgate.dispatcher.sender;

import io.optgate.dispatcher.decision.ClientConsent;
import io.optgate.dispatcher.decision.Decision;
import io.optgate.dispatcher.decision.DecisionInput;
import io.optgate.dispatcher.decision.DispatchRules;
import io.optgate.dispatcher.decision.DropReason;
import io.optgate.dispatcher.decision.PhoneStatus;
import io.optgate.platform.contract.Identifiers;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.PreferenceDefinition;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sender does with a text at the head of its queue, decided in two steps. Plain Java.
 * <ol>
 *   <li>{@link #fromLedger}: what the ledger says. A text this instance already handed over (or
 *       picked this round), or whose outcome is recorded, needs nothing; one a previous owner handed
 *       over without an outcome is never given again ({@code OPTGATE_UNCONFIRMED}); one released
 *       after a failed attempt goes on with the next attempt number.</li>
 *   <li>{@link #atHandOver}: the send-time check, immediately before each hand-over and each retry.
 *       A text whose {@code expiresAt} has passed fails {@code OPTGATE_EXPIRED} (as before); then the
 *       dispatch rules themselves ({@link DispatchRules#decideAtHandOver}) are asked again, against
 *       the client's consent, the number's state and the practice's preference as they are now. A
 *       text they would drop is {@link Verdict.Cancelled} with their reason: the rules live in one
 *       place, the sender only asks them again.</li>
 * </ol>
 */
final class HandOverPolicy {

    private HandOverPolicy() {
    }

    /** What the policy decided for one text. */
    sealed interface Verdict {
        /** Nothing to do: its outcome is recorded, or this instance is already handing it over. */
        record AlreadyHandled() implements Verdict {
        }

        /** A previous owner handed it over and no outcome was recorded: never given again. */
        record Unconfirmed(int attempt) implements Verdict {
        }

        /** Not yet judged for consent; {@code attempt} is the attempt it would be. */
        record Continue(int attempt) implements Verdict {
        }

        /** Its {@code expiresAt} passed before the hand-over. */
        record Expired(int attempt, Instant expiresAt) implements Verdict {
        }

        /** No longer eligible: not sent, recorded CANCELLED with the rules' reason. */
        record Cancelled(int attempt, DropReason reason, Optional<String> detail) implements Verdict {
            /** Fails fast on a missing reason. */
            public Cancelled {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
            }
        }

        /** Hand it over now, as attempt {@code attempt}. */
        record HandOver(int attempt) implements Verdict {
        }
    }

    /**
     * Consent as it is at the moment of the hand-over.
     *
     * @param client     the client's latest consent
     * @param phone      the number's latest state within the practice
     * @param settings   the practice's communication settings
     * @param preference the definition of the preference the text names, if any
     */
    record ConsentNow(ClientConsent client, PhoneStatus phone, Optional<CommunicationSettings> settings,
                      Optional<PreferenceDefinition> preference) {
        /** Fails fast on missing parts. */
        ConsentNow {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(preference, "preference");
        }
    }

    /**
     * Step 1: the ledger's word on a text.
     *
     * @param queuedAttempt    the attempt the queue holds it as (1, or the next one after a retry)
     * @param seen             the latest ledger state of the text, if any
     * @param pickedThisRound  the same text (same key) is already picked in this round
     */
    static Verdict fromLedger(final int queuedAttempt, final Optional<Ledger.View> seen, final boolean pickedThisRound) {
        if (pickedThisRound) {
            return new Verdict.AlreadyHandled();
        }
        if (seen.isEmpty()) {
            return new Verdict.Continue(queuedAttempt);
        }
        final Ledger.View view = seen.get();
        return switch (view.state()) {
            case DONE -> new Verdict.AlreadyHandled();
            case HANDED_OVER -> view.mine() ? new Verdict.AlreadyHandled() : new Verdict.Unconfirmed(view.attempt());
            case RELEASED -> new Verdict.Continue(Math.max(queuedAttempt, view.attempt() + 1));
        };
    }

    /**
     * Step 2, the send-time check.
     *
     * @param request the text's request
     * @param attempt the attempt it would be
     * @param consent the consent as it is now
     * @param now     the moment of the check
     */
    static Verdict atHandOver(final MessageRequest request, final int attempt, final ConsentNow consent,
                              final Instant now) {
        final Instant expiresAt = request.getExpiresAt();
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return new Verdict.Expired(attempt, expiresAt);
        }
        final DecisionInput input = new DecisionInput(
                Identifiers.clientKey(request.getTenantId(), request.getClientId()), request, consent.client(),
                consent.phone(), consent.settings(), consent.preference(), now);
        final Decision decision = DispatchRules.decideAtHandOver(input);
        if (decision instanceof Decision.Drop drop) {
            return new Verdict.Cancelled(attempt, drop.reason(), drop.detail());
        }
        return new Verdict.HandOver(attempt);
    }
}
