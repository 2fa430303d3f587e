package io.optgate.platform.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A path such as {@code /v1/tenants/{t}/clients/{c}/sms-consent}: literal segments and
 * {@code {name}} parameters, each a whole segment. Parameters match one non-empty segment, and
 * their values are percent-decoded.
 */
public final class PathTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

    private final String template;
    private final List<String> segments;
    private final List<String> parameters;

    private PathTemplate(final String template, final List<String> segments, final List<String> parameters) {
        this.template = template;
        this.segments = List.copyOf(segments);
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException when it does not start with {@code /}, has an empty or
     *     malformed segment, or repeats a parameter name
     */
    public static PathTemplate parse(final String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + template);
        }
        final List<String> segments = new ArrayList<>();
        final List<String> parameters = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        if (!template.equals("/")) {
            for (final String segment : template.substring(1).split("/", -1)) {
                final var parameter = PARAMETER.matcher(segment);
                if (parameter.matches()) {
                    if (!seen.add(parameter.group(1))) {
                        throw new IllegalArgumentException("path template repeats {" + parameter.group(1) + "}: " + template);
                    }
                    parameters.add(parameter.group(1));
                } else if (!LITERAL.matcher(segment).matches()) {
                    throw new IllegalArgumentException("bad segment '" + segment + "' in path template " + template);
                }
                segments.add(segment);
            }
        }
        return new PathTemplate(template, segments, parameters);
    }

    /** The parameter names, in order. */
    public List<String> parameters() {
        return parameters;
    }

    /** Whether {@code {name}} appears in the template. */
    public boolean hasParameter(final String name) {
        return parameters.contains(name);
    }

    /** The parameter values when {@code decodedSegments} match, empty otherwise. */
    Optional<Map<String, String>> match(final List<String> decodedSegments) {
        if (decodedSegments.size() != segments.size()) {
            return Optional.empty();
        }
        final Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            final String expected = segments.get(i);
            final String actual = decodedSegments.get(i);
            if (isParameter(expected)) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                values.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    /**
     * Orders templates that match the same path: the one with a literal where the other has a
     * parameter, earliest such position first, wins ({@code /messages/stats} before
     * {@code /messages/{id}}). Negative when this one is more specific.
     */
    int compareSpecificity(final PathTemplate other) {
        final int shared = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < shared; i++) {
            final boolean mine = isParameter(segments.get(i));
            final boolean theirs = isParameter(other.segments.get(i));
            if (mine != theirs) {
                return mine ? 1 : -1;
            }
        }
        return 0;
    }

    /** Whether both templates match exactly the same paths (same literals, parameters in the same places). */
    boolean sameShape(final PathTemplate other) {
        if (segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            final String mine = segments.get(i);
            final String theirs = other.segments.get(i);
            if (isParameter(mine) != isParameter(theirs) || (!isParameter(mine) && !mine.equals(theirs))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isParameter(final String segment) {
        return segment.startsWith("{");
    }

    @Override
    public String toString() {
        return template;
    }
}
