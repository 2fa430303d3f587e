package io.optgate.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects configuration problems so that all of them are reported at once.
 *
 * <pre>{@code
 * final ConfigErrors errors = new ConfigErrors();
 * final CommonConfig common = errors.collect(() -> CommonConfig.from(env), null);
 * final Duration ttl = errors.collect(() -> env.duration("OPTGATE_MARKETING_CONFIRMATION_TTL", P7D), P7D);
 * errors.throwIfAny();   // one ConfigException listing every problem above
 * return new ConsentConfig(common, ttl);
 * }</pre>
 *
 * <p>Not thread-safe; meant for one start-up sequence.
 */
public final class ConfigErrors {

    private final List<ConfigProblem> problems = new ArrayList<>();

    /**
     * Reads one value; when reading throws a {@link ConfigException}, remembers its problems and
     * returns {@code fallback} so that reading can go on. Use the value only after
     * {@link #throwIfAny()} returned.
     */
    public <T> T collect(final Supplier<T> read, final T fallback) {
        try {
            return read.get();
        } catch (final ConfigException e) {
            problems.addAll(e.problems());
            return fallback;
        }
    }

    /** Records a problem found by the caller's own cross-field validation. */
    public void add(final ConfigProblem problem) {
        problems.add(problem);
    }

    /** Whether no problem was found so far. */
    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws one {@link ConfigException} naming every problem found, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
