package io.optgate.local;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import io.optgate.local.progress.Terminal;
import io.optgate.local.progress.TerminalAppender;
import io.optgate.local.progress.TerminalWorthy;
import io.optgate.platform.config.ConfigException;
import io.optgate.platform.config.Env;
import org.slf4j.LoggerFactory;


/**
 * {@code java -jar local/target/optgate-local.jar}: optgate in one process on an embedded Kafka
 * broker, with sample traffic, the whole HTTP API and a page at {@code http://localhost:8080/}.
 * Configuration is the environment (see docs/local-mode.md); Ctrl-C stops it cleanly.
 */
public final class LocalMain {

    private LocalMain() {
    }

    /** Starts local mode and blocks until it is stopped (Ctrl-C, SIGTERM). */
    public static void main(final String[] args) throws InterruptedException {
        final Env env = Env.fromSystem();
        final LocalConfig config;
        try {
            config = LocalConfig.from(env);
        } catch (final ConfigException e) {
            System.err.println("optgate-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Before the first logger exists: logs go to a file in the data directory, the terminal is
        // for the banner, the progress line and warnings.
        System.setProperty("optgate.log.dir", config.dataDir().resolve("logs").toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/optgate/local/logback-local.xml");
        }
        final Terminal terminal = Terminal.system();
        attachTerminal(terminal);

        final LocalMode mode = new LocalMode(config, env, terminal, LocalApps.all());
        Runtime.getRuntime().addShutdownHook(new Thread(mode::close, "optgate-local-shutdown"));
        try {
            mode.start();
        } catch (final Exception e) {
            terminal.println("optgate-local could not start: " + e.getMessage());
            terminal.println("(details in " + config.dataDir().resolve("logs") + ")");
            LoggerFactory.getLogger(LocalMain.class).error(TerminalWorthy.FILE_ONLY, "start failed", e);
            System.exit(1);
        }
        mode.awaitStopped();
    }

    private static void attachTerminal(final Terminal terminal) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            final Appender<?> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("TERMINAL");
            if (appender instanceof TerminalAppender terminalAppender) {
                terminalAppender.setTerminal(terminal);
            }
        }
    }
}
