package io.optgate.platform.config;

import io.optgate.platform.contract.Identifiers;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable view of the configuration variables, with typed getters that validate.
 *
 * <p>{@link #fromSystem()} reads the process environment and, when {@code OPTGATE_CONFIG_FILE}
 * names a Java properties file, the variables in that file (same names, e.g.
 * {@code OPTGATE_HTTP_PORT=9090}); the environment wins over the file. Values are trimmed and a
 * blank value counts as unset, so {@code FOO=} in a compose file means "use the default".
 *
 * <p>Every getter that finds an unusable value throws a {@link ConfigException} naming the variable
 * and the value (masked when it is a secret, see {@link SecretNames}). Use {@link ConfigErrors} to
 * report all problems together.
 */
public final class Env {

    /** Names a properties file whose entries are read as variables; the environment wins. */
    public static final String CONFIG_FILE = "OPTGATE_CONFIG_FILE";


    private final Map<String, String> values;

    private Env(final Map<String, String> values) {
        final Map<String, String> cleaned = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name != null && value != null && !value.isBlank()) {
                cleaned.put(name, value.trim());
            }
        });
        this.values = Map.copyOf(cleaned);
    }

    /** The process environment layered over the file named by {@code OPTGATE_CONFIG_FILE}, if any. */
    public static Env fromSystem() {
        return layered(System.getenv());
    }

    /**
     * {@code environment} layered over the properties file it names in {@code OPTGATE_CONFIG_FILE},
     * if any; entries of {@code environment} win.
     *
     * @throws ConfigException when the named file cannot be read
     */
    public static Env layered(final Map<String, String> environment) {
        final Env direct = of(environment);
        final Optional<String> file = direct.optional(CONFIG_FILE);
        if (file.isEmpty()) {
            return direct;
        }
        final Map<String, String> merged = new HashMap<>(readPropertiesFile(file.get()));
        merged.putAll(direct.values);
        return new Env(merged);
    }

    /** Exactly these variables, no file; for tests and launchers. */
    public static Env of(final Map<String, String> variables) {
        return new Env(variables);
    }

    /** A copy with one variable set (or replaced); a blank value removes it. */
    public Env with(final String name, final String value) {
        final Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return new Env(copy);
    }

    /** Every variable that is set, by name. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The value of {@code name}, empty when unset or blank. */
    public Optional<String> optional(final String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of {@code name}, or {@code fallback} when unset. */
    public String string(final String name, final String fallback) {
        return optional(name).orElse(fallback);
    }

    /**
     * The value of {@code name}.
     *
     * @throws ConfigException when unset
     */
    public String required(final String name) {
        return optional(name).orElseThrow(() -> new ConfigException(ConfigProblem.missing(name)));
    }

    /** An integer, or {@code fallback} when unset. */
    public int integer(final String name, final int fallback) {
        return integer(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * An integer between {@code min} and {@code max} inclusive, or {@code fallback} when unset.
     *
     * @throws ConfigException when not an integer or out of range
     */
    public int integer(final String name, final int fallback, final int min, final int max) {
        final Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        final int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (final NumberFormatException e) {
            throw invalid(name, raw.get(), rangeText("an integer", min, max));
        }
        if (value < min || value > max) {
            throw invalid(name, raw.get(), rangeText("an integer", min, max));
        }
        return value;
    }

    /** A TCP port (0 to 65535; 0 picks a free port), or {@code fallback} when unset. */
    public int port(final String name, final int fallback) {
        return integer(name, fallback, 0, 65_535);
    }

    /**
     * A non-negative ISO-8601 duration such as {@code PT5S} or {@code P7D}, or {@code fallback}
     * when unset.
     *
     * @throws ConfigException when not an ISO-8601 duration or negative
     */
    public Duration duration(final String name, final Duration fallback) {
        final Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        final Duration value;
        try {
            value = Duration.parse(raw.get());
        } catch (final DateTimeParseException e) {
            throw invalid(name, raw.get(), "must be an ISO-8601 duration such as PT30S or P7D");
        }
        if (value.isNegative()) {
            throw invalid(name, raw.get(), "must not be negative");
        }
        return value;
    }

    /**
     * A positive ISO-8601 duration, or {@code fallback} when unset.
     *
     * @throws ConfigException when not an ISO-8601 duration, negative or zero
     */
    public Duration positiveDuration(final String name, final Duration fallback) {
        final Duration value = duration(name, fallback);
        if (value.isZero()) {
            throw invalid(name, optional(name).orElse(value.toString()), "must be longer than zero");
        }
        return value;
    }

    /** An absolute URI (see {@link #optionalUri(String)}), or {@code fallback} when unset. */
    public URI uri(final String name, final URI fallback) {
        return optionalUri(name).orElse(fallback);
    }

    /**
     * An absolute URI with a scheme ({@code http://host:8081}, {@code mock://scope}); http and
     * https URIs must name a host. Empty when unset.
     *
     * @throws ConfigException when not such a URI
     */
    public Optional<URI> optionalUri(final String name) {
        final Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        final String reason = "must be an absolute URI such as http://host:8081";
        final URI uri;
        try {
            uri = new URI(raw.get());
        } catch (final URISyntaxException e) {
            throw invalid(name, raw.get(), reason);
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw invalid(name, raw.get(), reason);
        }
        final String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() == null) {
            throw invalid(name, raw.get(), reason);
        }
        return Optional.of(uri);
    }

    /**
     * A switch: {@code on}, {@code true} or {@code off}, {@code false} (any case), or
     * {@code fallback} when unset.
     *
     * @throws ConfigException for any other value
     */
    public boolean flag(final String name, final boolean fallback) {
        final Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw invalid(name, raw.get(), "must be on, off, true or false");
        };
    }

    /**
     * A phone number in E.164 ({@code +} and 8 to 15 digits), empty when unset.
     *
     * @throws ConfigException when not E.164
     */
    public Optional<String> e164(final String name) {
        final Optional<String> raw = optional(name);
        if (raw.isPresent() && !Identifiers.isE164(raw.get())) {
            throw invalid(name, raw.get(), "must be an E.164 phone number: + and 8 to 15 digits");
        }
        return raw;
    }

    /**
     * A file-system path, or {@code fallback} when unset.
     *
     * @throws ConfigException when the value is not a valid path on this system
     */
    public Path path(final String name, final Path fallback) {
        final Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Path.of(raw.get());
        } catch (final InvalidPathException e) {
            throw invalid(name, raw.get(), "must be a file-system path");
        }
    }

    /** Every variable whose name starts with {@code prefix}, by full name. */
    public Map<String, String> withPrefix(final String prefix) {
        final Map<String, String> matching = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                matching.put(name, value);
            }
        });
        return Map.copyOf(matching);
    }

    /** Lists the variable names only; values may be secret. */
    @Override
    public String toString() {
        return "Env" + values.keySet();
    }

    private static ConfigException invalid(final String name, final String value, final String reason) {
        return new ConfigException(ConfigProblem.invalid(name, value, reason));
    }

    private static String rangeText(final String what, final int min, final int max) {
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
            return "must be " + what;
        }
        if (max == Integer.MAX_VALUE) {
            return "must be " + what + " of at least " + min;
        }
        return "must be " + what + " between " + min + " and " + max;
    }

    private static Map<String, String> readPropertiesFile(final String file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException | IllegalArgumentException e) {
            throw invalid(CONFIG_FILE, file, "names a properties file that cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        final Map<String, String> entries = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key)));
        return entries;
    }
}
