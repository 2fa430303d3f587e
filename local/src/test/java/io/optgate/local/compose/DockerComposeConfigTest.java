package io.optgate.local.compose;

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
        final List<String> command = composeCommand();
        final List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
        final ProcessBuilder builder = new ProcessBuilder(full)
                .directory(ComposeFile.repositoryRoot().toFile())
                .redirectErrorStream(true);
        // No Twilio or API key from the developer's shell: the file must stand on its defaults.
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TWILIO_") || k.startsWith("OPTGATE_"));
        final Process process = builder.start();
        final boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
            fail(String.join(" ", full) + " did not finish within 60 s: " + output);
        }
        assertThat(process.exitValue()).as(String.join(" ", full) + " said:\n" + output).isZero();
        assertThat(output).as("warnings from docker-compose").doesNotContainIgnoringCase("warning");
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
