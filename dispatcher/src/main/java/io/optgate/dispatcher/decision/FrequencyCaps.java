package io.optgate.dispatcher.decision;

import io.optgate.platform.contract.FrequencyCapLimits;
import io.optgate.schema.Category;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.FrequencyCapSetting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The frequency caps on one category of one practice's texts, each per client: every one must
 * hold. A practice that lists caps for the category in its {@code CommunicationSettings.frequencyCaps}
 * has exactly those; otherwise the dispatcher's default applies ({@code OPTGATE_MARKETING_CAP} for
 * MARKETING, none for the others). BASIC_TRANSACTIONAL and CONSENT_CONFIRMATION are never capped
 * ({@link FrequencyCapLimits#cappable}).
 *
 * @param caps    the caps, empty for none
 * @param problem set when the practice's cap for the category is invalid (a record written around
 *                the settings API): then every text of the category is dropped, since the cap the
 *                practice meant cannot be known
 */
public record FrequencyCaps(List<FrequencyCap> caps, Optional<String> problem) {

    /** No cap. */
    public static final FrequencyCaps NONE = new FrequencyCaps(List.of(), Optional.empty());

    public FrequencyCaps {
        caps = List.copyOf(caps);
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * The caps on a category of a practice's texts.
     *
     * @param category         the texts' category
     * @param settings         the practice's settings, empty when never saved (or unreadable)
     * @param marketingDefault the dispatcher's MARKETING cap, empty when switched off
     */
    public static FrequencyCaps of(final Category category, final Optional<CommunicationSettings> settings,
                                   final Optional<FrequencyCap> marketingDefault) {
        if (category == null || !FrequencyCapLimits.cappable(category)) {
            return NONE;
        }
        final List<FrequencyCapSetting> own = new ArrayList<>();
        settings.map(CommunicationSettings::getFrequencyCaps).ifPresent(all -> all.stream()
                .filter(setting -> setting != null && setting.getCategory() == category)
                .forEach(own::add));
        if (own.isEmpty()) {
            return category == Category.MARKETING
                    ? new FrequencyCaps(marketingDefault.stream().toList(), Optional.empty())
                    : NONE;
        }
        final List<FrequencyCap> caps = new ArrayList<>();
        for (final FrequencyCapSetting setting : own) {
            final Optional<String> problem = FrequencyCapLimits.problem(setting);
            if (problem.isPresent()) {
                return new FrequencyCaps(List.of(), Optional.of("the practice's frequency cap is invalid: " + problem.get()));
            }
            caps.add(new FrequencyCap(setting.getLimit(), FrequencyCapLimits.period(setting.getPeriod()).orElseThrow()));
        }
        return new FrequencyCaps(caps, Optional.empty());
    }

    /** The drop for a text of a category whose cap is invalid, on the consent the send was based on. */
    public Decision.Drop invalidDrop(final Decision.ConsentBasis basis) {
        return Decision.Drop.of(DropReason.FREQUENCY_CAPPED, problem.orElse("the practice's frequency cap is invalid"), basis);
    }
}
