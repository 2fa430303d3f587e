package io.optgate.consent.rules;

import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.PreferenceGrant;
import io.optgate.schema.SmsLevel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules of the clock: a pending marketing request lapses after the confirmation TTL and a
 * granted preference expires at its {@code validUntil}. Every other input family settles what is
 * due before it applies, so an input never acts on a state that should already have changed.
 */
final class ClockRules {

    private final Duration marketingConfirmationTtl;

    ClockRules(final Duration marketingConfirmationTtl) {
        this.marketingConfirmationTtl = marketingConfirmationTtl;
    }

    Outcome onClock(final ConsentState client, final Practice practice, final Instant now) {
        final Trail trail = new Trail(client, "clock", null);
        settle(trail, practice, now);
        return trail.outcome();
    }

    Optional<Instant> nextDeadline(final ConsentState client) {
        return dueItems(client, Instant.MAX).stream().map(Due::at).min(Comparator.naturalOrder());
    }

    /** Applies, each as its own version stamped with the instant it fell due, what is due by {@code by}. */
    void settle(final Trail trail, final Practice practice, final Instant by) {
        for (final Due due : dueItems(trail.state(), by)) {
            final ConsentState state = trail.state();
            final Change change = trail.change();
            final SmsLevel level = change.builder.getLevel();
            final String seed = "due:" + state.getTenantId() + ":" + state.getClientId() + ":"
                    + due.at().toEpochMilli() + ":" + (due.preferenceId() == null ? "marketing" : due.preferenceId() + ":" + due.channel());
            if (due.preferenceId() == null) {
                change.clearPending();
                change.note(NoteKind.MARKETING_LAPSED, level, level, Wording.marketingLapsed(marketingConfirmationTtl, level));
            } else {
                final PreferenceGrant grant = state.getPreferences().get(due.preferenceId()).get(due.channel());
                change.putGrant(due.preferenceId(), due.channel(), new PreferenceGrant(false, grant.getValidUntil(), due.at()));
                change.note(NoteKind.PREFERENCE_EXPIRED, null, null,
                        Wording.preferenceExpired(practice.preferenceName(due.preferenceId()), due.channel()));
            }
            // Seeded by what fell due, not by what noticed it: the punctuator and a later event write the same note id.
            trail.commitWithSeed(change, due.at(), ConsentRules.OPTGATE, seed, null);
        }
    }

    private record Due(Instant at, String preferenceId, String channel) {
    }

    private List<Due> dueItems(final ConsentState state, final Instant by) {
        final List<Due> due = new ArrayList<>();
        if (state.getPendingLevel() != null) {
            final Instant since = state.getPendingSince() != null ? state.getPendingSince() : state.getUpdatedAt();
            final Instant deadline = since.plus(marketingConfirmationTtl);
            if (!deadline.isAfter(by)) {
                due.add(new Due(deadline, null, null));
            }
        }
        state.getPreferences().forEach((preferenceId, channels) -> channels.forEach((channel, grant) -> {
            if (grant.getGranted() && grant.getValidUntil() != null && !grant.getValidUntil().isAfter(by)) {
                due.add(new Due(grant.getValidUntil(), preferenceId, channel));
            }
        }));
        due.sort(Comparator.comparing(Due::at)
                .thenComparing(d -> d.preferenceId() == null ? "" : d.preferenceId())
                .thenComparing(d -> d.channel() == null ? "" : d.channel()));
        return due;
    }

    static Instant earliest(final Instant a, final Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
