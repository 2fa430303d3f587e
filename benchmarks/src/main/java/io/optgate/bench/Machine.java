package io.optgate.bench;

import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the numbers were measured on: read from /proc and the JVM, so the report says it itself. */
final class Machine {

    private Machine() {
    }

    /** {@code 2 cores (Intel Xeon ...), 23.4 GiB RAM}. */
    static String hardware() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memTotal() + " RAM";
    }

    /** JVM, version, max heap and collectors. */
    static String jvm() {
        final String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + Report.mebibytes(Runtime.getRuntime().maxMemory()) + ", GC " + collectors;
    }

    /** The Kafka client and Streams version on the class path (the broker runs the same jars). */
    static String kafkaVersion() {
        return AppInfoParser.getVersion();
    }

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (final IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (final IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .map(bytes -> String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024)))
                    .findFirst().orElse("unknown");
        } catch (final IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
