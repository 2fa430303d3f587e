package io.optgate.faults;

import java.time.Duration;
import java.util.Locale;

/**
 * How big a fault run is. {@link #small()} runs inside the README's test command; {@link #full()} is
 * the run of 200,000 requests, chosen with {@code -Doptgate.faults.size=full}. Any field can
 * be overridden: {@code -Doptgate.faults.requests=}, {@code .rate=}, {@code .clients=},
 * {@code .seed=}.
 *
 * @param requests       message requests written (duplicates of earlier ones included)
 * @param ratePerSecond  steady request rate
 * @param clients        clients over two practices
 * @param seed           seed of everything random in the run
 * @param downtime       how long a killed process stays down before it is started again
 * @param twilioOutage   how long the Twilio stand-in refuses connections
 */
record FaultRunSize(int requests, int ratePerSecond, int clients, long seed, Duration downtime, Duration twilioOutage) {

    static final String PREFIX = "optgate.faults.";

    static FaultRunSize small() {
        return new FaultRunSize(3_000, 25, 240, 17L, Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    static FaultRunSize full() {
        return new FaultRunSize(200_000, 150, 4_000, 17L, Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    /** The size the system properties ask for (the small one by default). */
    static FaultRunSize fromSystemProperties() {
        final String size = System.getProperty(PREFIX + "size", "small").toLowerCase(Locale.ROOT);
        final FaultRunSize base = switch (size) {
            case "small" -> small();
            case "full" -> full();
            default -> throw new IllegalArgumentException(PREFIX + "size must be small or full, not " + size);
        };
        return new FaultRunSize(
                Integer.getInteger(PREFIX + "requests", base.requests()),
                Integer.getInteger(PREFIX + "rate", base.ratePerSecond()),
                Integer.getInteger(PREFIX + "clients", base.clients()),
                Long.getLong(PREFIX + "seed", base.seed()),
                base.downtime(),
                base.twilioOutage());
    }

    /** How long the traffic takes at the steady rate. */
    Duration trafficDuration() {
        return Duration.ofMillis(1000L * requests / ratePerSecond);
    }
}
