package io.optgate.local;

import java.util.List;

/** The apps local mode runs, in start order: consent-streams first (it writes the table the dispatcher joins). */
final class LocalApps {

    private LocalApps() {
    }

    static List<EmbeddedApp.Starter> all() {
        return List.of(ConsentStreamsEmbedded::start, DispatcherEmbedded::start);
    }
}
