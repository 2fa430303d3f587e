package io.optgate.dispatcher.dispatch;

import io.optgate.dispatcher.decision.Decision;
import io.optgate.dispatcher.decision.DropReason;
import io.optgate.schema.DecisionReason;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.Verdict;

import java.time.Instant;

/** Turns a {@link Decision} into the {@code DispatchDecision} record: ids and facts, never the body or the address. */
final class DecisionRecords {

    private DecisionRecords() {
    }

    static DispatchDecision of(final MessageRequest request, final Decision decision, final Instant decidedAt) {
        final DispatchDecision.Builder record = DispatchDecision.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setClientId(request.getClientId())
                .setCategory(request.getCategory())
                .setChannel(request.getChannel())
                .setPreferenceId(request.getPreferenceId())
                .setConsentLevel(decision.basis().level().orElse(null))
                .setConsentVersion(decision.basis().version().orElse(null))
                .setDecidedBy(decision.basis().decidedBy().orElse(null))
                .setRequestedAt(request.getRequestedAt())
                .setDecidedAt(decidedAt)
                .setDetail(null);
        if (decision instanceof Decision.Drop drop) {
            return record.setVerdict(Verdict.DROP).setReason(reason(drop.reason())).setDetail(detail(drop)).build();
        }
        return record.setVerdict(Verdict.SEND).setReason(DecisionReason.ELIGIBLE).build();
    }

    /** The contract's reason; CONSENT_UNREADABLE has none of its own and is OTHER with a detail saying so. */
    static DecisionReason reason(final DropReason reason) {
        return switch (reason) {
            case DUPLICATE_REQUEST -> DecisionReason.DUPLICATE_REQUEST;
            case CONSENT_STALE -> DecisionReason.CONSENT_STALE;
            case INVALID_REQUEST -> DecisionReason.INVALID_REQUEST;
            case CONSENT_UNREADABLE -> DecisionReason.OTHER;
            case OPTED_OUT -> DecisionReason.OPTED_OUT;
            case PHONE_SUPPRESSED -> DecisionReason.PHONE_SUPPRESSED;
            case PHONE_NOT_ON_RECORD -> DecisionReason.PHONE_NOT_ON_RECORD;
            case LEVEL_TOO_LOW -> DecisionReason.LEVEL_TOO_LOW;
            case COMMUNICATION_DISABLED -> DecisionReason.COMMUNICATION_DISABLED;
            case PREFERENCE_INACTIVE -> DecisionReason.PREFERENCE_INACTIVE;
            case PREFERENCE_NOT_GRANTED -> DecisionReason.PREFERENCE_NOT_GRANTED;
            case CONSENT_EXPIRED -> DecisionReason.CONSENT_EXPIRED;
            case REQUEST_EXPIRED -> DecisionReason.REQUEST_EXPIRED;
            case FREQUENCY_CAPPED -> DecisionReason.FREQUENCY_CAPPED;
        };
    }

    private static String detail(final Decision.Drop drop) {
        if (drop.reason() == DropReason.CONSENT_UNREADABLE) {
            return "CONSENT_UNREADABLE: " + drop.detail().orElse("a consent record cannot be read");
        }
        return drop.detail().orElse(null);
    }
}
