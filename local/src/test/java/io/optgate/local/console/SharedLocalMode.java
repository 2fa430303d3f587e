package io.optgate.local.console;

import io.optgate.local.LocalMode;
import io.optgate.local.RunningLocalMode;
import io.optgate.platform.serde.SchemaRegistryClients;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode (embedded broker, both apps, API keys, a Twilio token for signed webhooks) for one
 * console test class: started on first use and closed when the class ends. Not shared between
 * classes, because other local tests reset the same in-process registry scope.
 */
final class SharedLocalMode implements AutoCloseable {

    static final String SUPPORT_KEY = "support-key";
    static final String TWILIO_TOKEN = "console-test-token";
    /** Practice id to its key; every one has its own sending number {@code +1555000999<n>}. */
    static final Map<String, String> PRACTICES = Map.of("vet-1", "vet-1-key", "vet-2", "vet-2-key", "vet-3", "vet-3-key");

    final LocalMode local;
    private final Path dataDir;

    private SharedLocalMode(final LocalMode local, final Path dataDir) {
        this.local = local;
        this.dataDir = dataDir;
    }

    /** Hands a test class's {@code @BeforeAll} its local mode. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
            return parameter.getParameter().getType() == LocalMode.class;
        }

        @Override
        public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
            return context.getStore(ExtensionContext.Namespace.create(SharedLocalMode.class))
                    .getOrComputeIfAbsent("local", key -> start(), SharedLocalMode.class).local;
        }
    }

    private static SharedLocalMode start() {
        try {
            final Path dataDir = Files.createTempDirectory("optgate-console-test");
            final int httpPort = freePort();
            final StringBuilder keys = new StringBuilder(SUPPORT_KEY + "=*");
            PRACTICES.forEach((practice, key) -> keys.append(',').append(key).append('=').append(practice));
            final LocalMode local = RunningLocalMode.start(dataDir, freePort(), httpPort, Map.of(
                    "OPTGATE_API_KEYS", keys.toString(),
                    "TWILIO_AUTH_TOKEN", TWILIO_TOKEN,
                    "OPTGATE_PUBLIC_URL", "http://127.0.0.1:" + httpPort));
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(ConsoleStories.send("GET", local.httpBase() + "/health", null, null)).startsWith("200"));
            return new SharedLocalMode(local, dataDir);
        } catch (final Exception e) {
            throw new IllegalStateException("local mode did not start for the console tests: " + e, e);
        }
    }

    @Override
    public void close() throws Exception {
        local.close();
        SchemaRegistryClients.dropMockScope("local");
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
