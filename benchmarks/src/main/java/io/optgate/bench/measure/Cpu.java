package io.optgate.bench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time used by a process: a figure that, unlike wall time, hardly changes when other work
 * shares the machine, so it compares runs made under different load.
 */
public final class Cpu {

    /** Linux reports {@code /proc/<pid>/stat} times in clock ticks, 100 per second on every common kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private Cpu() {
    }

    /** CPU time of this JVM (every thread, user and system), in nanoseconds. */
    public static long ownNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** CPU time of process {@code pid} (user and system) from {@code /proc/<pid>/stat}, in nanoseconds. */
    public static OptionalLong ofProcess(final long pid) {
        final Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            final String text = Files.readString(stat, StandardCharsets.UTF_8);
            // The command name (field 2) may hold spaces; the fields after its closing ')' are fixed.
            final String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            final long userTicks = Long.parseLong(fields[11]);
            final long systemTicks = Long.parseLong(fields[12]);
            return OptionalLong.of((userTicks + systemTicks) * NANOS_PER_TICK);
        } catch (final IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The pid of the separate-process broker started by this JVM, if there is one. */
    public static OptionalLong brokerPid() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("BrokerProcessMain"))
                .mapToLong(ProcessHandle::pid)
                .findFirst();
    }
}
