package io.optgate.local;

import io.optgate.local.progress.Terminal;
import io.optgate.platform.config.Env;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** For tests in other packages: local mode with every app, no sample traffic, the banner discarded. */
public final class RunningLocalMode {

    private RunningLocalMode() {
    }

    /** Starts local mode on the given ports and data directory with {@code variables} as its environment. */
    public static LocalMode start(final Path dataDir, final int kafkaPort, final int httpPort,
                                  final Map<String, String> variables) throws Exception {
        final LocalConfig config = new LocalConfig(dataDir, kafkaPort, httpPort, false, Optional.empty(), Optional.empty());
        final LocalMode mode = new LocalMode(config, Env.of(variables),
                new Terminal(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), false), LocalApps.all());
        mode.start();
        return mode;
    }
}
