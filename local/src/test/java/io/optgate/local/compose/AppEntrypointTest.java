package io.optgate.local.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/app-entrypoint.sh run by {@code sh} as the container runs it, with a {@code java} on the
 * PATH that only prints what it was given: the variables the script derives from the hostname.
 */
class AppEntrypointTest {

    @TempDir
    Path bin;

    @Test
    void eachInstanceAdvertisesItsHostnameAndUsesItAsItsStaticMembership() throws Exception {
        final List<String> java = run(Map.of("OPTGATE_HTTP_PORT", "8181"));

        final String hostname = java.get(0);
        assertThat(java).contains(
                "KAFKA_APPLICATION_SERVER=" + hostname + ":8181",
                "KAFKA_GROUP_INSTANCE_ID=" + hostname,
                "args=-jar /app/app.jar");
    }

    @Test
    void valuesTheOperatorGaveAreKept() throws Exception {
        final List<String> java = run(Map.of(
                "KAFKA_APPLICATION_SERVER", "dispatcher-2.internal:8080",
                "KAFKA_GROUP_INSTANCE_ID", "dispatcher-2"));

        assertThat(java).contains(
                "KAFKA_APPLICATION_SERVER=dispatcher-2.internal:8080",
                "KAFKA_GROUP_INSTANCE_ID=dispatcher-2");
    }

    /** What the fake java saw: its hostname, the two variables, its arguments. */
    private List<String> run(final Map<String, String> env) throws IOException, InterruptedException {
        final Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                hostname
                echo "KAFKA_APPLICATION_SERVER=$KAFKA_APPLICATION_SERVER"
                echo "KAFKA_GROUP_INSTANCE_ID=$KAFKA_GROUP_INSTANCE_ID"
                echo "args=$*"
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        final ProcessBuilder builder = new ProcessBuilder("sh", ComposeFile.load().root().resolve("docker/app-entrypoint.sh").toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("OPTGATE_"));
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        final Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the entrypoint finished").isTrue();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
