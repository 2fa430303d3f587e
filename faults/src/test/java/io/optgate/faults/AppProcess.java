package io.optgate.faults;

import io.optgate.testing.ChildProcessMain;
import io.optgate.testing.Deadline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * One app instance as a separate JVM, started from the app's runnable jar with its documented
 * environment variables only. It can be killed the hard way ({@code SIGKILL}) and started again with
 * the same environment and data directory; its stdout and stderr go to {@code <name>.log}.
 */
final class AppProcess implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final String mainClass;
    private final Map<String, String> environment;
    private final int httpPort;
    private final Path log;
    private Process process;

    AppProcess(final String name, final Path jar, final Map<String, String> environment, final int httpPort, final Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the apps' jars first "
                    + "(./mvnw -B -pl faults -am verify builds them before the suite)");
        }
        this.name = name;
        this.jar = jar;
        this.mainClass = mainClassOf(jar);
        this.environment = new TreeMap<>(environment);
        this.httpPort = httpPort;
        this.log = log;
    }

    private static String mainClassOf(final Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Main-Class");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }

    String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}, where its HTTP API listens. */
    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Its stdout and stderr, appended across restarts. */
    Path log() {
        return log;
    }

    /** Starts the process; it must not be running. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-cp", jar + java.io.File.pathSeparator + harnessLocation(),
                ChildProcessMain.class.getName(), mainClass));
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static String harnessLocation() {
        try {
            return Path.of(ChildProcessMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code kill -9}: returns once the process has exited. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still runs " + EXIT_TIMEOUT + " after SIGKILL");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until {@code /health} answers 200; fails when the process exits or the time runs out. */
    void awaitHealthy(final Duration timeout) {
        final Deadline deadline = Deadline.after(timeout);
        while (!healthy()) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            if (deadline.expired()) {
                throw new IllegalStateException(name + " is not healthy after " + timeout + "; see " + log);
            }
            deadline.pause();
        }
    }

    /** Whether {@code /health} answers 200 now. */
    boolean healthy() {
        try {
            final HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                            .timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
