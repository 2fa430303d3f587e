package io.optgate.bench;

import io.optgate.bench.apps.Registries;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every size and switch of the benchmark suite. Each is a system property {@code bench.<name>}
 * (e.g. {@code -Dbench.requests=500000}) or an argument {@code --<name>=<value>}
 * (e.g. {@code --requests=500000}); arguments win. The defaults are the "million clients"
 * workload (1,000,000 clients, 2,000,000 requests); smaller sizes are flags.
 *
 * @param broker            {@code process} (default: the broker is a separate JVM, as in
 *                          production) or {@code in-process}
 * @param tenants           practices in the workload; default 50
 * @param clients           clients with a row in {@code consent.state}; default 1,000,000
 * @param requests          message requests pre-loaded for the throughput runs; default 2,000,000
 * @param partitions        partitions of every input and output topic; default 4
 * @param streamThreads     {@code num.stream.threads} of every app; default 1 (the apps' default)
 * @param latencyRate       requests per second of the latency trickle; default 500
 * @param latencyDuration   how long each latency run produces; default 20 s
 * @param latencyWarmup     the first part of each latency run that is not counted; default 2 s
 * @param latencyRuns       which latency runs, e.g. {@code passthrough:100,dispatcher:20:0}
 *                          ({@code subject:commitIntervalMs[:graceMs]}); see {@link LatencyRun}
 * @param consentClients    clients whose consent events consent-streams processes (two events
 *                          each); 0 skips the consent-streams phase; default 25,000
 * @param memberRestart     whether the restore phase also restarts the dispatcher after a close that
 *                          stayed in the consumer group (it waits out the session timeout, 10 s);
 *                          default true
 * @param registry          {@code cached} (default: the production path, a caching client in front
 *                          of the registry) or {@code mock} (the in-process registry as local mode
 *                          uses it); see {@link Registries}
 * @param moreThreads       also measure the dispatcher's throughput with this many stream threads;
 *                          0 skips it; default 2
 * @param appConfig         extra Kafka Streams settings for every app, {@code name=value} separated
 *                          by {@code ;} (what {@code KAFKA_*} variables would set); default none
 * @param eosCurve          the {@code commit.interval.ms} values of the {@code eos} phase (each under
 *                          exactly_once_v2, each next to the pass-through at the same interval);
 *                          default 25,50,100,1000
 * @param alosCommitMs      {@code commit.interval.ms} of the {@code eos} phase's at-least-once point; default 100
 * @param curveRequests     outputs counted per throughput run of the {@code eos} and {@code instances}
 *                          phases (the first this many of the pre-loaded requests); default 200,000
 * @param outageDuration    how long consent-streams is stopped in the {@code outage} phase; default 60 s
 * @param outageMaxWait     the dispatcher's {@code OPTGATE_CONSENT_MAX_WAIT} in the {@code outage}
 *                          phase; default 2 min (the apps' default)
 * @param outageClients     clients the {@code outage} phase addresses (half of them STOP during the
 *                          outage); default 1,000
 * @param outageRate        requests per second of the {@code outage} phase's trickle; default 100
 * @param phases            which phases run, any of {@link #PHASES}: {@code throughput} (with memory),
 *                          {@code latency}, {@code restore} (the dispatcher's), {@code consent},
 *                          {@code eos} (the exactly-once curve), {@code instances} (two dispatchers)
 *                          and {@code outage} (consent-streams stopped); default all
 * @param phaseTimeout      upper bound of every wait in one phase; default 600 s
 * @param output            also write the Markdown report to this file, when set
 * @param workDir           parent of the state directories, kept at the end; default a new
 *                          temporary directory, deleted at the end
 */
public record BenchSettings(
        String broker,
        int tenants,
        int clients,
        int requests,
        int partitions,
        int streamThreads,
        int latencyRate,
        Duration latencyDuration,
        Duration latencyWarmup,
        List<LatencyRun> latencyRuns,
        int consentClients,
        boolean memberRestart,
        Registries registry,
        int moreThreads,
        Map<String, String> appConfig,
        List<Long> eosCurve,
        long alosCommitMs,
        int curveRequests,
        Duration outageDuration,
        Duration outageMaxWait,
        int outageClients,
        int outageRate,
        Set<String> phases,
        Duration phaseTimeout,
        Optional<Path> output,
        Optional<Path> workDir) {

    /** Every phase, in the order they run. */
    public static final List<String> PHASES = List.of("throughput", "latency", "restore", "consent", "eos", "instances", "outage");

    /** Property prefix: {@code bench.clients} and so on. */
    public static final String PREFIX = "bench.";

    /** The default latency runs: both subjects at the default commit interval and at 20 ms, and the dispatcher without grace. */
    public static final String DEFAULT_LATENCY_RUNS = "passthrough:100,passthrough:20,dispatcher:100,dispatcher:20,dispatcher:20:0";

    public BenchSettings {
        Objects.requireNonNull(broker, "broker");
        if (!broker.equals("process") && !broker.equals("in-process")) {
            throw new IllegalArgumentException("bench.broker must be 'process' or 'in-process', not '" + broker + "'");
        }
        atLeast("tenants", tenants, 1);
        atLeast("clients", clients, tenants);
        atLeast("requests", requests, 1);
        atLeast("partitions", partitions, 1);
        atLeast("streamThreads", streamThreads, 1);
        atLeast("latencyRate", latencyRate, 1);
        atLeast("consentClients", consentClients, 0);
        latencyRuns = List.copyOf(latencyRuns);
        phases = Set.copyOf(phases);
        appConfig = Map.copyOf(appConfig);
        atLeast("moreThreads", moreThreads, 0);
        eosCurve = List.copyOf(eosCurve);
        if (eosCurve.stream().anyMatch(ms -> ms < 1) || alosCommitMs < 1) {
            throw new IllegalArgumentException("bench.eosCurve and bench.alosCommitMs must be at least 1 ms");
        }
        atLeast("curveRequests", curveRequests, 1);
        atLeast("outageClients", outageClients, 2);
        atLeast("outageRate", outageRate, 1);
        Objects.requireNonNull(outageDuration, "outageDuration");
        Objects.requireNonNull(outageMaxWait, "outageMaxWait");
        if (outageDuration.isNegative() || outageDuration.isZero() || outageMaxWait.isNegative() || outageMaxWait.isZero()) {
            throw new IllegalArgumentException("bench.outageDuration and bench.outageMaxWait must be positive");
        }
        if (!PHASES.containsAll(phases)) {
            throw new IllegalArgumentException("bench.phases must be some of " + PHASES + ", not " + phases);
        }
        Objects.requireNonNull(latencyDuration, "latencyDuration");
        Objects.requireNonNull(latencyWarmup, "latencyWarmup");
        Objects.requireNonNull(phaseTimeout, "phaseTimeout");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(workDir, "workDir");
        if (latencyWarmup.compareTo(latencyDuration) >= 0) {
            throw new IllegalArgumentException("bench.latencyWarmup (" + latencyWarmup + ") must be shorter than bench.latencyDuration ("
                    + latencyDuration + ")");
        }
    }

    /**
     * One latency measurement.
     *
     * @param subject          {@code passthrough} or {@code dispatcher}
     * @param commitIntervalMs {@code commit.interval.ms} of the app during the run
     * @param graceMs          the dispatcher's grace period, or empty for its default
     */
    public record LatencyRun(String subject, long commitIntervalMs, Optional<Long> graceMs) {

        public LatencyRun {
            if (!subject.equals("passthrough") && !subject.equals("dispatcher")) {
                throw new IllegalArgumentException("latency subject must be passthrough or dispatcher, not '" + subject + "'");
            }
            if (commitIntervalMs < 1) {
                throw new IllegalArgumentException("commit interval must be at least 1 ms, not " + commitIntervalMs);
            }
            if (graceMs.isPresent() && !subject.equals("dispatcher")) {
                throw new IllegalArgumentException("only the dispatcher has a grace period");
            }
        }

        static List<LatencyRun> parse(final String text) {
            final List<LatencyRun> runs = new ArrayList<>();
            for (final String part : text.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                final String[] fields = part.trim().split(":");
                if (fields.length < 2 || fields.length > 3) {
                    throw new IllegalArgumentException("a latency run is subject:commitIntervalMs[:graceMs], not '" + part + "'");
                }
                runs.add(new LatencyRun(fields[0].toLowerCase(Locale.ROOT), Long.parseLong(fields[1]),
                        fields.length == 3 ? Optional.of(Long.parseLong(fields[2])) : Optional.empty()));
            }
            return runs;
        }

        /** How the run is shown in the report. */
        public String label() {
            return subject + ", commit.interval.ms=" + commitIntervalMs
                    + graceMs.map(grace -> ", grace=" + grace + " ms").orElse(subject.equals("dispatcher") ? ", default grace" : "");
        }
    }

    /** Settings from {@code bench.*} system properties, overridden by {@code --name=value} arguments. */
    public static BenchSettings from(final Map<String, String> systemProperties, final List<String> args) {
        final Map<String, String> values = new HashMap<>();
        systemProperties.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                values.put(name.substring(PREFIX.length()), value);
            }
        });
        for (final String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, not '" + arg + "'");
            }
            final int equals = arg.indexOf('=');
            values.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        final Reader reader = new Reader(values);
        final BenchSettings settings = new BenchSettings(
                reader.get("broker", Function.identity(), "process"),
                reader.get("tenants", Integer::parseInt, 50),
                reader.get("clients", Integer::parseInt, 1_000_000),
                reader.get("requests", Integer::parseInt, 2_000_000),
                reader.get("partitions", Integer::parseInt, 4),
                reader.get("streamThreads", Integer::parseInt, 1),
                reader.get("latencyRate", Integer::parseInt, 500),
                reader.get("latencyDuration", Duration::parse, Duration.ofSeconds(20)),
                reader.get("latencyWarmup", Duration::parse, Duration.ofSeconds(2)),
                reader.get("latencyRuns", LatencyRun::parse, LatencyRun.parse(DEFAULT_LATENCY_RUNS)),
                reader.get("consentClients", Integer::parseInt, 25_000),
                reader.get("memberRestart", BenchSettings::bool, true),
                reader.get("registry", Registries::parse, Registries.CACHED),
                reader.get("moreThreads", Integer::parseInt, 2),
                reader.get("appConfig", BenchSettings::pairs, Map.of()),
                reader.get("eosCurve", BenchSettings::longs, List.of(25L, 50L, 100L, 1000L)),
                reader.get("alosCommitMs", Long::parseLong, 100L),
                reader.get("curveRequests", Integer::parseInt, 200_000),
                reader.get("outageDuration", Duration::parse, Duration.ofSeconds(60)),
                reader.get("outageMaxWait", Duration::parse, Duration.ofMinutes(2)),
                reader.get("outageClients", Integer::parseInt, 1_000),
                reader.get("outageRate", Integer::parseInt, 100),
                reader.get("phases", text -> Set.of(text.split("\\s*,\\s*")), Set.copyOf(PHASES)),
                reader.get("phaseTimeout", Duration::parse, Duration.ofSeconds(600)),
                Optional.ofNullable(values.remove("output")).filter(text -> !text.isBlank()).map(Path::of),
                Optional.ofNullable(values.remove("workDir")).filter(text -> !text.isBlank()).map(Path::of));
        if (!reader.unread().isEmpty()) {
            throw new IllegalArgumentException("unknown benchmark setting(s): " + reader.unread().keySet()
                    + "; known: broker, tenants, clients, requests, partitions, streamThreads, latencyRate, latencyDuration, "
                    + "latencyWarmup, latencyRuns, consentClients, memberRestart, registry, moreThreads, appConfig, eosCurve, alosCommitMs, curveRequests, "
                    + "outageDuration, outageMaxWait, outageClients, outageRate, phases, phaseTimeout, output, workDir");
        }
        return settings;
    }

    /** Reads and forgets values, so that a misspelt name is reported instead of silently ignored. */
    private static final class Reader {
        private final Map<String, String> values;

        Reader(final Map<String, String> values) {
            this.values = values;
        }

        <T> T get(final String name, final Function<String, T> parse, final T fallback) {
            final String text = values.remove(name);
            if (text == null || text.isBlank()) {
                return fallback;
            }
            try {
                return parse.apply(text.trim());
            } catch (final RuntimeException e) {
                throw new IllegalArgumentException("bench." + name + " cannot be '" + text + "': " + e.getMessage(), e);
            }
        }

        Map<String, String> unread() {
            return values;
        }
    }

    private static Map<String, String> pairs(final String text) {
        final Map<String, String> pairs = new HashMap<>();
        for (final String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            final int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected name=value, not '" + pair + "'");
            }
            pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return pairs;
    }

    private static List<Long> longs(final String text) {
        final List<Long> values = new ArrayList<>();
        for (final String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(Long.parseLong(part.trim()));
            }
        }
        return values;
    }

    private static boolean bool(final String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private static void atLeast(final String name, final int value, final int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("bench." + name + " must be at least " + minimum + ", not " + value);
        }
    }
}
