package io.optgate.dispatcher.decision;

import io.optgate.schema.Category;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.FrequencyCapSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which caps apply to a category of one practice's texts (issue 16, point 4). */
class PracticeFrequencyCapsTest {

    private static final Optional<FrequencyCap> DEFAULT = Optional.of(FrequencyCap.MARKETING_DEFAULT);

    private static Optional<CommunicationSettings> practiceCapping(final FrequencyCapSetting... caps) {
        return Optional.of(CommunicationSettings.newBuilder().setEnabled(true).setFrequencyCaps(List.of(caps)).build());
    }

    private static FrequencyCapSetting cap(final Category category, final int limit, final String period) {
        return new FrequencyCapSetting(category, limit, period);
    }

    @Test
    void aPracticeThatSetsNothingHasTheDefaultOnMarketingOnly() {
        for (final Optional<CommunicationSettings> nothing : List.of(Optional.<CommunicationSettings>empty(),
                Optional.of(CommunicationSettings.newBuilder().setEnabled(true).build()), practiceCapping())) {
            assertThat(FrequencyCaps.of(Category.MARKETING, nothing, DEFAULT).caps()).containsExactly(FrequencyCap.MARKETING_DEFAULT);
            assertThat(FrequencyCaps.of(Category.FULL_TRANSACTIONAL, nothing, DEFAULT)).isEqualTo(FrequencyCaps.NONE);
        }
        assertThat(FrequencyCaps.of(Category.MARKETING, Optional.empty(), Optional.empty())).isEqualTo(FrequencyCaps.NONE);
    }

    @Test
    void aPracticesCapReplacesTheDefaultForItsCategory() {
        final FrequencyCaps caps = FrequencyCaps.of(Category.MARKETING,
                practiceCapping(cap(Category.MARKETING, 1, "PT2H"), cap(Category.MARKETING, 4, "P7D")), DEFAULT);

        assertThat(caps.caps()).containsExactly(new FrequencyCap(1, Duration.ofHours(2)), new FrequencyCap(4, Duration.ofDays(7)));
        assertThat(caps.problem()).isEmpty();
    }

    @Test
    void aPracticeMayCapFullTransactionalAndKeepTheMarketingDefault() {
        final Optional<CommunicationSettings> settings = practiceCapping(cap(Category.FULL_TRANSACTIONAL, 2, "P1D"));

        assertThat(FrequencyCaps.of(Category.FULL_TRANSACTIONAL, settings, DEFAULT).caps())
                .containsExactly(new FrequencyCap(2, Duration.ofDays(1)));
        assertThat(FrequencyCaps.of(Category.MARKETING, settings, DEFAULT).caps()).containsExactly(FrequencyCap.MARKETING_DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(value = Category.class, names = {"BASIC_TRANSACTIONAL", "CONSENT_CONFIRMATION", "UNKNOWN"})
    void textsTheClientNeedsAreNeverCappedEvenByARecordWrittenAroundTheApi(final Category category) {
        assertThat(FrequencyCaps.of(category, practiceCapping(cap(category, 1, "PT1H")), DEFAULT)).isEqualTo(FrequencyCaps.NONE);
    }

    @Test
    void anInvalidCapOfThePracticeIsAProblemNotADefault() {
        for (final FrequencyCapSetting bad : List.of(cap(Category.MARKETING, 0, "PT24H"), cap(Category.MARKETING, 3, "a day"),
                cap(Category.MARKETING, 3, "P8D"))) {
            final FrequencyCaps caps = FrequencyCaps.of(Category.MARKETING,
                    practiceCapping(cap(Category.MARKETING, 3, "PT24H"), bad), DEFAULT);

            assertThat(caps.caps()).as(bad.toString()).isEmpty();
            assertThat(caps.problem()).as(bad.toString()).hasValueSatisfying(p -> assertThat(p).contains("MARKETING"));
            assertThat(caps.invalidDrop(Decision.ConsentBasis.NONE).reason()).isEqualTo(DropReason.FREQUENCY_CAPPED);
        }
    }
}
