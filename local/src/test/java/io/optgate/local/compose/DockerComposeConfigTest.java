package io.optgate.local.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Docker cannot run in CI, but docker-compose can still read the file the way it would before
 * starting anything: {@code docker-compose config -q} resolves variables, env files, anchors and
 * the schema. A missing binary fails the test (in CI and on a developer machine alike), with the
 * command that installs it.
 */
class DockerComposeConfigTest {

    private static final String INSTALL = "install it: `sudo apt-get install -y docker-compose` (Debian/Ubuntu), "
            + "or Docker Desktop / the docker compose plugin";

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        final Run run = config(Map.of("OPTGATE_API_KEYS", "test-support-key=*"), "-q");

        assertThat(run.exit()).as(run.command() + " said:\n" + run.output()).isZero();
        assertThat(run.output()).as("warnings from docker-compose").doesNotContainIgnoringCase("warning");
    }

    @Test
    void withoutApiKeysTheFileRefusesToStartAndSaysWhy() throws Exception {
        final Run run = config(Map.of(), "-q");

        assertThat(run.exit()).as("docker-compose config without OPTGATE_API_KEYS").isNotZero();
        assertThat(run.output()).contains("set OPTGATE_API_KEYS");
    }

    @Test
    void portsArePublishedOnLoopbackUnlessOptgateBindIsSet() throws Exception {
        final List<String> closed = publishedPorts(config(Map.of("OPTGATE_API_KEYS", "k=*")));
        final List<String> open = publishedPorts(config(Map.of("OPTGATE_API_KEYS", "k=*", "OPTGATE_BIND", "0.0.0.0")));

        assertThat(closed).hasSizeGreaterThanOrEqualTo(6).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
        assertThat(open).hasSameSizeAs(closed).allSatisfy(port -> assertThat(port).startsWith("0.0.0.0:"));
    }

    /** {@code host_ip:published:target} of every published port, in either docker-compose's output shape. */
    private static List<String> publishedPorts(final Run run) throws IOException {
        assertThat(run.exit()).as(run.command() + " said:\n" + run.output()).isZero();
        final JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(run.output()).path("services");
        final List<String> ports = new ArrayList<>();
        services.forEach(service -> service.path("ports").forEach(port -> ports.add(port.isTextual()
                ? port.asText()
                : port.path("host_ip").asText("") + ":" + port.path("published").asText() + ":" + port.path("target").asText())));
        return ports;
    }

    private record Run(String command, int exit, String output) {
    }

    private static Run config(final Map<String, String> variables, final String... options) throws Exception {
        final List<String> full = new ArrayList<>(composeCommand());
        full.addAll(List.of("-f", "docker-compose.yml", "config"));
        full.addAll(List.of(options));
        final ProcessBuilder builder = new ProcessBuilder(full)
                .directory(ComposeFile.repositoryRoot().toFile());
        // Nothing from the developer's shell: the file must stand on its defaults and these variables.
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TWILIO_") || k.startsWith("OPTGATE_") || k.startsWith("KAFKA_"));
        env.putAll(variables);
        final java.nio.file.Path output = java.nio.file.Files.createTempFile("compose-config", ".txt");
        try {
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
            final Process process = builder.start();
            final boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            final String text = java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
                fail(String.join(" ", full) + " did not finish within 60 s: " + text);
            }
            return new Run(String.join(" ", full), process.exitValue(), text);
        } finally {
            java.nio.file.Files.deleteIfExists(output);
        }
    }

    private static List<String> composeCommand() {
        if (works(List.of("docker-compose", "version"))) {
            return List.of("docker-compose");
        }
        final boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!ci && works(List.of("docker", "compose", "version"))) {
            return List.of("docker", "compose");
        }
        return fail(ci
                ? "docker-compose is not installed on this CI machine; .ci/run must install it first: " + INSTALL
                : "docker-compose is needed to validate docker-compose.yml; " + INSTALL);
    }

    private static boolean works(final List<String> command) {
        try {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
