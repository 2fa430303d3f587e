package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.keywords.Keyword;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.PreferenceDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InboundPracticesTest {

    static final String POOL = "+15005550999";
    static final String CLIENT = "+15557770777";

    /** vet-a owns +15005550001; the client's number is on record at vet-a and vet-b. */
    final PracticeDirectory practices = new PracticeDirectory() {
        @Override
        public Optional<CommunicationSettings> settings(final String tenantId) {
            return Optional.empty();
        }

        @Override
        public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> tenantOwningNumber(final String e164) {
            return Optional.ofNullable(Map.of("+15005550001", "vet-a").get(e164));
        }

        @Override
        public Set<String> practicesWithNumber(final String e164) {
            return e164.equals(CLIENT) ? Set.of("vet-b", "vet-a") : Set.of();
        }
    };

    private InboundPractices.Targets resolve(final boolean service, final String to, final Keyword keyword) {
        return InboundPractices.resolve(practices, service, Optional.of(to), Optional.of(CLIENT), Optional.of(keyword));
    }

    @Test
    void aTextToAPracticesOwnNumberIsForItsOneOwner() {
        assertThat(resolve(true, "+15005550001", Keyword.OPT_OUT).tenantIds()).containsExactly("vet-a");
        assertThat(resolve(false, "+15005550001", Keyword.OPT_IN).tenantIds()).containsExactly("vet-a");
    }

    @Test
    void aStopToThePoolNumberIsForEveryPracticeWithTheNumber() {
        final InboundPractices.Targets targets = resolve(true, POOL, Keyword.OPT_OUT);

        assertThat(targets.tenantIds()).containsExactly("vet-a", "vet-b");
        assertThat(targets.why()).isEqualTo("messaging_service");
    }

    @Test
    void anOptInToThePoolNumberNeedsExactlyOnePractice() {
        assertThat(resolve(true, POOL, Keyword.OPT_IN).tenantIds()).isEmpty();
        assertThat(resolve(true, POOL, Keyword.CONFIRM).why()).isEqualTo("ambiguous");
    }

    @Test
    void withoutAMessagingServiceAnUnownedNumberReachesNoPractice() {
        assertThat(resolve(false, POOL, Keyword.OPT_OUT).tenantIds()).isEmpty();
        assertThat(resolve(false, POOL, Keyword.OPT_OUT).why()).isEqualTo("unknown_number");
    }

    @Test
    void aNumberNoPracticeKnowsReachesNone() {
        assertThat(InboundPractices.resolve(practices, true, Optional.of(POOL), Optional.of("+15550000000"),
                Optional.of(Keyword.OPT_OUT)).tenantIds()).isEqualTo(List.of());
    }
}
