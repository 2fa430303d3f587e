package io.optgate.consent.app;

import io.optgate.platform.config.Env;
import io.optgate.platform.runner.AppMain;

/**
 * Runs consent-streams alone ({@link AppMain}: configuration from the environment, its topics, the
 * topology, and one HTTP server with the consent API, {@code /health} and {@code /metrics}). Exits
 * 0 after a clean stop (SIGTERM), 1 when the app failed, 2 on invalid configuration or topics.
 */
public final class ConsentStreamsMain {

    private ConsentStreamsMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.exit(run(Env.fromSystem()));
    }

    /** Runs until the streams stop; the exit code: 0 after a clean stop, 1 when the streams failed, 2 for bad configuration or topics. */
    static int run(final Env env) throws InterruptedException {
        return AppMain.run(ConsentStreamsApp.NAME, env, ConsentStreamsApp::fromEnv);
    }
}
