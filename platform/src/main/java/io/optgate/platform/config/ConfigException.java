package io.optgate.platform.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Invalid configuration. Names every offending variable and its (masked, if secret) value, so
 * that start-up fails once with the complete list instead of one problem per restart.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** One problem. */
    public ConfigException(final ConfigProblem problem) {
        this(List.of(problem));
    }

    /** Several problems, reported together; must not be empty. */
    public ConfigException(final List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order they were found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(final List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.get(0).describe();
        }
        return problems.stream()
                .map(problem -> "  - " + problem.describe())
                .collect(Collectors.joining("\n", "Invalid configuration (" + problems.size() + " problems):\n", ""));
    }
}
