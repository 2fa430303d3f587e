package io.optgate.consent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.platform.contract.FrequencyCapLimits;
import io.optgate.platform.http.ApiException;
import io.optgate.schema.Category;
import io.optgate.schema.FrequencyCapSetting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code frequencyCaps} of {@code PUT .../communication-settings}: a list of
 * {@code {category, limit, period}}, validated by the rule the dispatcher applies
 * ({@link FrequencyCapLimits}); anything else is 422 {@value #CODE}.
 */
final class FrequencyCapsBody {

    static final String CODE = "INVALID_FREQUENCY_CAP";

    private FrequencyCapsBody() {
    }

    /** The practice's caps; null (absent or JSON null) leaves the dispatcher's defaults in force. */
    static List<FrequencyCapSetting> read(final JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid("'frequencyCaps' must be a list such as [{\"category\": \"MARKETING\", \"limit\": 3, \"period\": \"PT24H\"}]");
        }
        final List<FrequencyCapSetting> caps = new ArrayList<>();
        for (final JsonNode entry : node) {
            caps.add(one(entry));
        }
        return caps;
    }

    private static FrequencyCapSetting one(final JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            throw invalid("each of 'frequencyCaps' must be an object {category, limit, period}");
        }
        final JsonNode category = entry.get("category");
        if (category == null || !category.isTextual()) {
            throw invalid("each of 'frequencyCaps' needs a 'category': MARKETING or FULL_TRANSACTIONAL");
        }
        final Category parsed = Body.parseEnum(category.textValue(), "frequencyCaps.category", Category.class, CODE,
                Set.of(Category.UNKNOWN));
        final JsonNode limit = entry.get("limit");
        if (limit == null || !limit.isIntegralNumber() || !limit.canConvertToInt()) {
            throw invalid("each of 'frequencyCaps' needs a whole-number 'limit'");
        }
        final JsonNode period = entry.get("period");
        if (period == null || !period.isTextual()) {
            throw invalid("each of 'frequencyCaps' needs a 'period', an ISO-8601 duration such as PT24H");
        }
        final FrequencyCapSetting setting = new FrequencyCapSetting(parsed, limit.intValue(), period.textValue().strip());
        final Optional<String> problem = FrequencyCapLimits.problem(setting);
        if (problem.isPresent()) {
            throw invalid(problem.get());
        }
        return setting;
    }

    private static ApiException invalid(final String message) {
        return ApiException.unprocessable(CODE, message);
    }
}
