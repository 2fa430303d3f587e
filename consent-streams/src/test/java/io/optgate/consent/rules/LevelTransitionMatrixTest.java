package io.optgate.consent.rules;

import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.ConsentNote;
import io.optgate.schema.ConsentState;
import io.optgate.schema.NoteKind;
import io.optgate.schema.SmsLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.optgate.consent.rules.Fixtures.RULES;
import static io.optgate.consent.rules.Fixtures.T0;
import static io.optgate.consent.rules.Fixtures.actor;
import static io.optgate.consent.rules.Fixtures.assertNoPhoneNumbers;
import static io.optgate.consent.rules.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every (current level x requested level x actor type) transition of a client with a phone on record
 * and nothing pending. NONE is a client never changed: BASIC_TRANSACTIONAL by default and no phone on
 * record yet, so Marketing (which needs a number for its confirmation text) is refused. Leaving
 * OPTED_OUT is tried with and without {@code clientRequestedOptIn}; a CLIENT actor is the client's own
 * request. SYSTEM never comes from outside. "-" means none.
 */
class LevelTransitionMatrixTest {

    @ParameterizedTest(name = "{0} -> {1} by {2} (client asked: {3}) gives {4}, pending {5}, notes {6}")
    @CsvSource(textBlock = """
            # current         , requested          , actor  , asked, level after        , pending  , notes
            NONE               , OPTED_OUT          , STAFF  , false, OPTED_OUT          , -        , LEVEL_CHANGED
            NONE               , OPTED_OUT          , SUPPORT, false, OPTED_OUT          , -        , LEVEL_CHANGED
            NONE               , OPTED_OUT          , CLIENT , false, OPTED_OUT          , -        , LEVEL_CHANGED
            NONE               , OPTED_OUT          , SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            NONE               , BASIC_TRANSACTIONAL, STAFF  , false, BASIC_TRANSACTIONAL, -        , -
            NONE               , BASIC_TRANSACTIONAL, SUPPORT, false, BASIC_TRANSACTIONAL, -        , -
            NONE               , BASIC_TRANSACTIONAL, CLIENT , false, BASIC_TRANSACTIONAL, -        , -
            NONE               , BASIC_TRANSACTIONAL, SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            NONE               , FULL_TRANSACTIONAL , STAFF  , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            NONE               , FULL_TRANSACTIONAL , SUPPORT, false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            NONE               , FULL_TRANSACTIONAL , CLIENT , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            NONE               , FULL_TRANSACTIONAL , SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            NONE               , MARKETING          , STAFF  , false, BASIC_TRANSACTIONAL, -        , REJECTED
            NONE               , MARKETING          , SUPPORT, false, BASIC_TRANSACTIONAL, -        , REJECTED
            NONE               , MARKETING          , CLIENT , false, BASIC_TRANSACTIONAL, -        , REJECTED
            NONE               , MARKETING          , SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            OPTED_OUT          , OPTED_OUT          , STAFF  , false, OPTED_OUT          , -        , -
            OPTED_OUT          , OPTED_OUT          , STAFF  , true , OPTED_OUT          , -        , -
            OPTED_OUT          , OPTED_OUT          , SUPPORT, false, OPTED_OUT          , -        , -
            OPTED_OUT          , OPTED_OUT          , SUPPORT, true , OPTED_OUT          , -        , -
            OPTED_OUT          , OPTED_OUT          , CLIENT , false, OPTED_OUT          , -        , -
            OPTED_OUT          , OPTED_OUT          , CLIENT , true , OPTED_OUT          , -        , -
            OPTED_OUT          , OPTED_OUT          , SYSTEM , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , OPTED_OUT          , SYSTEM , true , OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , BASIC_TRANSACTIONAL, STAFF  , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , BASIC_TRANSACTIONAL, STAFF  , true , BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            OPTED_OUT          , BASIC_TRANSACTIONAL, SUPPORT, false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , BASIC_TRANSACTIONAL, SUPPORT, true , BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            OPTED_OUT          , BASIC_TRANSACTIONAL, CLIENT , false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            OPTED_OUT          , BASIC_TRANSACTIONAL, CLIENT , true , BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            OPTED_OUT          , BASIC_TRANSACTIONAL, SYSTEM , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , BASIC_TRANSACTIONAL, SYSTEM , true , OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , FULL_TRANSACTIONAL , STAFF  , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , FULL_TRANSACTIONAL , STAFF  , true , FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            OPTED_OUT          , FULL_TRANSACTIONAL , SUPPORT, false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , FULL_TRANSACTIONAL , SUPPORT, true , FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            OPTED_OUT          , FULL_TRANSACTIONAL , CLIENT , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            OPTED_OUT          , FULL_TRANSACTIONAL , CLIENT , true , FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            OPTED_OUT          , FULL_TRANSACTIONAL , SYSTEM , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , FULL_TRANSACTIONAL , SYSTEM , true , OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , MARKETING          , STAFF  , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , MARKETING          , STAFF  , true , BASIC_TRANSACTIONAL, MARKETING, LEVEL_CHANGED MARKETING_REQUESTED
            OPTED_OUT          , MARKETING          , SUPPORT, false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , MARKETING          , SUPPORT, true , BASIC_TRANSACTIONAL, MARKETING, LEVEL_CHANGED MARKETING_REQUESTED
            OPTED_OUT          , MARKETING          , CLIENT , false, BASIC_TRANSACTIONAL, MARKETING, LEVEL_CHANGED MARKETING_REQUESTED
            OPTED_OUT          , MARKETING          , CLIENT , true , BASIC_TRANSACTIONAL, MARKETING, LEVEL_CHANGED MARKETING_REQUESTED
            OPTED_OUT          , MARKETING          , SYSTEM , false, OPTED_OUT          , -        , REJECTED
            OPTED_OUT          , MARKETING          , SYSTEM , true , OPTED_OUT          , -        , REJECTED
            BASIC_TRANSACTIONAL, OPTED_OUT          , STAFF  , false, OPTED_OUT          , -        , LEVEL_CHANGED
            BASIC_TRANSACTIONAL, OPTED_OUT          , SUPPORT, false, OPTED_OUT          , -        , LEVEL_CHANGED
            BASIC_TRANSACTIONAL, OPTED_OUT          , CLIENT , false, OPTED_OUT          , -        , LEVEL_CHANGED
            BASIC_TRANSACTIONAL, OPTED_OUT          , SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            BASIC_TRANSACTIONAL, BASIC_TRANSACTIONAL, STAFF  , false, BASIC_TRANSACTIONAL, -        , -
            BASIC_TRANSACTIONAL, BASIC_TRANSACTIONAL, SUPPORT, false, BASIC_TRANSACTIONAL, -        , -
            BASIC_TRANSACTIONAL, BASIC_TRANSACTIONAL, CLIENT , false, BASIC_TRANSACTIONAL, -        , -
            BASIC_TRANSACTIONAL, BASIC_TRANSACTIONAL, SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL , STAFF  , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL , SUPPORT, false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL , CLIENT , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            BASIC_TRANSACTIONAL, FULL_TRANSACTIONAL , SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            BASIC_TRANSACTIONAL, MARKETING          , STAFF  , false, BASIC_TRANSACTIONAL, MARKETING, MARKETING_REQUESTED
            BASIC_TRANSACTIONAL, MARKETING          , SUPPORT, false, BASIC_TRANSACTIONAL, MARKETING, MARKETING_REQUESTED
            BASIC_TRANSACTIONAL, MARKETING          , CLIENT , false, BASIC_TRANSACTIONAL, MARKETING, MARKETING_REQUESTED
            BASIC_TRANSACTIONAL, MARKETING          , SYSTEM , false, BASIC_TRANSACTIONAL, -        , REJECTED
            FULL_TRANSACTIONAL , OPTED_OUT          , STAFF  , false, OPTED_OUT          , -        , LEVEL_CHANGED
            FULL_TRANSACTIONAL , OPTED_OUT          , SUPPORT, false, OPTED_OUT          , -        , LEVEL_CHANGED
            FULL_TRANSACTIONAL , OPTED_OUT          , CLIENT , false, OPTED_OUT          , -        , LEVEL_CHANGED
            FULL_TRANSACTIONAL , OPTED_OUT          , SYSTEM , false, FULL_TRANSACTIONAL , -        , REJECTED
            FULL_TRANSACTIONAL , BASIC_TRANSACTIONAL, STAFF  , false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            FULL_TRANSACTIONAL , BASIC_TRANSACTIONAL, SUPPORT, false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            FULL_TRANSACTIONAL , BASIC_TRANSACTIONAL, CLIENT , false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            FULL_TRANSACTIONAL , BASIC_TRANSACTIONAL, SYSTEM , false, FULL_TRANSACTIONAL , -        , REJECTED
            FULL_TRANSACTIONAL , FULL_TRANSACTIONAL , STAFF  , false, FULL_TRANSACTIONAL , -        , -
            FULL_TRANSACTIONAL , FULL_TRANSACTIONAL , SUPPORT, false, FULL_TRANSACTIONAL , -        , -
            FULL_TRANSACTIONAL , FULL_TRANSACTIONAL , CLIENT , false, FULL_TRANSACTIONAL , -        , -
            FULL_TRANSACTIONAL , FULL_TRANSACTIONAL , SYSTEM , false, FULL_TRANSACTIONAL , -        , REJECTED
            FULL_TRANSACTIONAL , MARKETING          , STAFF  , false, FULL_TRANSACTIONAL , MARKETING, MARKETING_REQUESTED
            FULL_TRANSACTIONAL , MARKETING          , SUPPORT, false, FULL_TRANSACTIONAL , MARKETING, MARKETING_REQUESTED
            FULL_TRANSACTIONAL , MARKETING          , CLIENT , false, FULL_TRANSACTIONAL , MARKETING, MARKETING_REQUESTED
            FULL_TRANSACTIONAL , MARKETING          , SYSTEM , false, FULL_TRANSACTIONAL , -        , REJECTED
            MARKETING          , OPTED_OUT          , STAFF  , false, OPTED_OUT          , -        , LEVEL_CHANGED
            MARKETING          , OPTED_OUT          , SUPPORT, false, OPTED_OUT          , -        , LEVEL_CHANGED
            MARKETING          , OPTED_OUT          , CLIENT , false, OPTED_OUT          , -        , LEVEL_CHANGED
            MARKETING          , OPTED_OUT          , SYSTEM , false, MARKETING          , -        , REJECTED
            MARKETING          , BASIC_TRANSACTIONAL, STAFF  , false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            MARKETING          , BASIC_TRANSACTIONAL, SUPPORT, false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            MARKETING          , BASIC_TRANSACTIONAL, CLIENT , false, BASIC_TRANSACTIONAL, -        , LEVEL_CHANGED
            MARKETING          , BASIC_TRANSACTIONAL, SYSTEM , false, MARKETING          , -        , REJECTED
            MARKETING          , FULL_TRANSACTIONAL , STAFF  , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            MARKETING          , FULL_TRANSACTIONAL , SUPPORT, false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            MARKETING          , FULL_TRANSACTIONAL , CLIENT , false, FULL_TRANSACTIONAL , -        , LEVEL_CHANGED
            MARKETING          , FULL_TRANSACTIONAL , SYSTEM , false, MARKETING          , -        , REJECTED
            MARKETING          , MARKETING          , STAFF  , false, MARKETING          , -        , -
            MARKETING          , MARKETING          , SUPPORT, false, MARKETING          , -        , -
            MARKETING          , MARKETING          , CLIENT , false, MARKETING          , -        , -
            MARKETING          , MARKETING          , SYSTEM , false, MARKETING          , -        , REJECTED
            """)
    void everyTransitionFollowsTheRules(final String current, final SmsLevel requested, final ActorType actorType,
                                        final boolean clientRequestedOptIn, final SmsLevel expectedLevel,
                                        final String expectedPending, final String expectedNotes) {
        final Optional<ConsentState> before = "NONE".equals(current)
                ? Optional.empty()
                : Optional.of(client(SmsLevel.valueOf(current)));
        final ConsentEvent event = Fixtures.level(actor(actorType), requested, clientRequestedOptIn, T0);

        final Outcome outcome = RULES.onClientEvent(before, event, Practice.NONE, SuppressedNumbers.NONE, T0);

        final List<NoteKind> kinds = outcome.notes().stream().map(ConsentNote::getKind).toList();
        final List<NoteKind> expectedKinds = "-".equals(expectedNotes)
                ? List.of()
                : Arrays.stream(expectedNotes.split(" ")).map(NoteKind::valueOf).toList();
        assertThat(kinds).isEqualTo(expectedKinds);

        final ConsentState after = outcome.latest().orElse(before.orElse(null));
        final SmsLevel levelAfter = after == null ? SmsLevel.BASIC_TRANSACTIONAL : after.getLevel();
        assertThat(levelAfter).isEqualTo(expectedLevel);
        assertThat(after == null ? null : after.getPendingLevel())
                .isEqualTo("-".equals(expectedPending) ? null : SmsLevel.valueOf(expectedPending));

        final boolean changed = !expectedKinds.isEmpty() && !expectedKinds.contains(NoteKind.REJECTED);
        if (changed) {
            assertThat(outcome.versions()).hasSize(1);
            assertThat(outcome.versions().get(0).getVersion()).isEqualTo(before.map(ConsentState::getVersion).orElse(0L) + 1);
            assertThat(outcome.versions().get(0).getUpdatedBy()).isEqualTo(actor(actorType));
            assertThat(outcome.result()).isEqualTo(Outcome.Result.APPLIED);
        } else {
            assertThat(outcome.versions()).as("no new version").isEmpty();
            assertThat(outcome.result()).isEqualTo(expectedKinds.isEmpty() ? Outcome.Result.UNCHANGED : Outcome.Result.REJECTED);
        }
        assertThat(outcome.messages()).hasSize(expectedKinds.contains(NoteKind.MARKETING_REQUESTED) ? 1 : 0);
        outcome.notes().forEach(note -> assertThat(note.getActor()).isEqualTo(actor(actorType)));
        assertNoPhoneNumbers(outcome.notes());
    }
}
