package io.optgate.consent.numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many clients of each practice hold one number, as the text {@code tenantA=2,tenantB=1}
 * (tenant ids have no {@code =} or {@code ,}), sorted. Plain Java.
 */
final class PracticeCounts {

    private PracticeCounts() {
    }

    static String add(final String phone, final String tenantId, final String counts) {
        final Map<String, Integer> parsed = parse(counts);
        parsed.merge(tenantId, 1, Integer::sum);
        return format(parsed);
    }

    static String remove(final String phone, final String tenantId, final String counts) {
        final Map<String, Integer> parsed = parse(counts);
        parsed.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
        return format(parsed);
    }

    /** The practices with at least one client, sorted. */
    static List<String> tenants(final String counts) {
        return new ArrayList<>(parse(counts).keySet());
    }

    private static Map<String, Integer> parse(final String counts) {
        final Map<String, Integer> parsed = new TreeMap<>();
        if (counts == null || counts.isEmpty()) {
            return parsed;
        }
        for (final String entry : counts.split(",")) {
            final int at = entry.lastIndexOf('=');
            parsed.put(entry.substring(0, at), Integer.parseInt(entry.substring(at + 1)));
        }
        return parsed;
    }

    private static String format(final Map<String, Integer> counts) {
        final StringBuilder text = new StringBuilder();
        counts.forEach((tenant, count) -> text.append(text.length() == 0 ? "" : ",").append(tenant).append('=').append(count));
        return text.toString();
    }
}
