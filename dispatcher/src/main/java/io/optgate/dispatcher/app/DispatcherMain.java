package io.optgate.dispatcher.app;

import io.optgate.platform.config.Env;
import io.optgate.platform.runner.AppMain;

/**
 * Runs the dispatcher alone against an external cluster ({@link AppMain}: configuration, Twilio's
 * included, read and validated first; topics; then the messages API, the webhooks, {@code /health}
 * and {@code /metrics} while the streams and the SMS sender run). Exits 2 on bad configuration or
 * topics, 1 when the streams fail or the SMS sender fails by itself, 0 after a clean shutdown (SIGTERM).
 */
public final class DispatcherMain {

    private DispatcherMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.exit(run(Env.fromSystem()));
    }

    /** Runs until the streams stop; the exit code. */
    static int run(final Env env) throws InterruptedException {
        return AppMain.run(DispatcherApp.NAME, env, DispatcherApp::fromEnv);
    }
}
