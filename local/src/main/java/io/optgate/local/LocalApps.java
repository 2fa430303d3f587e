package io.optgate.local;

import io.optgate.consent.app.ConsentStreamsApp;
import io.optgate.dispatcher.app.DispatcherApp;
import io.optgate.platform.config.Env;
import io.optgate.platform.runner.OptgateApp;

import java.util.List;
import java.util.function.Function;

/**
 * The apps local mode runs, each read from local mode's environment as its own main reads it, in
 * start order: consent-streams first (it writes the table the dispatcher joins).
 */
final class LocalApps {

    private LocalApps() {
    }

    static List<Function<Env, OptgateApp>> all() {
        return List.of(ConsentStreamsApp::fromEnv, DispatcherApp::fromEnv);
    }
}
