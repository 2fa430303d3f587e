package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.keywords.Keyword;
import io.optgate.dispatcher.practice.PracticeDirectory;

import java.util.List;
import java.util.Optional;

/**
 * Which practices an inbound text speaks to. A text to a practice's own sending number speaks to
 * its one owner. Through a Messaging Service, texts go out from a shared pool number that belongs
 * to no practice, and a reply to it cannot say which practice it answers; then a STOP applies to
 * every practice that has the sender's number on record (failing closed: an opt-out too many is
 * safe, one too few is not), while START, YES and HELP apply only when exactly one practice has it
 * (a lenient opt-in would be the unsafe side).
 */
final class InboundPractices {

    private InboundPractices() {
    }

    /**
     * @param tenantIds the practices to record the keyword for, empty for none
     * @param why       how they were found, or why there are none (a metric outcome)
     */
    record Targets(List<String> tenantIds, String why) {
    }

    static Targets resolve(final PracticeDirectory practices, final boolean throughService, final Optional<String> to,
                           final Optional<String> from, final Optional<Keyword> keyword) {
        final Optional<String> owner = to.flatMap(practices::tenantOwningNumber);
        if (owner.isPresent()) {
            return new Targets(List.of(owner.get()), "owner");
        }
        if (!throughService || from.isEmpty() || keyword.isEmpty()) {
            return new Targets(List.of(), "unknown_number");
        }
        final List<String> onRecord = practices.practicesWithNumber(from.get()).stream().sorted().toList();
        if (onRecord.isEmpty()) {
            return new Targets(List.of(), "unknown_number");
        }
        if (keyword.get() == Keyword.OPT_OUT || onRecord.size() == 1) {
            return new Targets(onRecord, "messaging_service");
        }
        return new Targets(List.of(), "ambiguous");
    }
}
