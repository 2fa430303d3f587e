package io.optgate.platform.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes {@code application/x-www-form-urlencoded} text (bodies and query strings), UTF-8. */
final class FormDecoder {

    private FormDecoder() {
    }

    /**
     * Every name with its values in order of appearance; a name without {@code =} has the value "".
     *
     * @throws IllegalArgumentException on a malformed percent escape
     */
    static Map<String, List<String>> decode(final String encoded) {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        for (final String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            final int separator = pair.indexOf('=');
            final String name = separator < 0 ? pair : pair.substring(0, separator);
            final String value = separator < 0 ? "" : pair.substring(separator + 1);
            values.computeIfAbsent(decodeOne(name), ignored -> new ArrayList<>()).add(decodeOne(value));
        }
        final Map<String, List<String>> frozen = new LinkedHashMap<>();
        values.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
        return Collections.unmodifiableMap(frozen);
    }

    /** The first value of every name, in order of appearance. */
    static Map<String, String> firstValues(final Map<String, List<String>> values) {
        final Map<String, String> first = new LinkedHashMap<>();
        values.forEach((name, list) -> first.put(name, list.get(0)));
        return Collections.unmodifiableMap(first);
    }

    private static String decodeOne(final String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
