package io.optgate.dispatcher.app;

import io.optgate.dispatcher.progress.ConsentClock;
import io.optgate.dispatcher.progress.ConsentClockRunner;
import io.optgate.dispatcher.progress.ConsentWatch;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.topics.ConsentStreamsProgress;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds the consent progress probe for a dispatcher from its configuration: what it watches, how
 * it reports on {@code /health}. Empty when {@code OPTGATE_CONSENT_MAX_WAIT=off}.
 */
final class ConsentProgressWiring {

    private ConsentProgressWiring() {
    }

    /**
     * @param applicationId     the dispatcher's {@code application.id} (its committed offsets show what it has read)
     * @param consentPartitions the provisioned partition count of {@code consent.state}
     */
    static Optional<ConsentClockRunner> probe(final DispatcherConfig config, final String applicationId, final int consentPartitions) {
        final ConsentWatch watch = config.consentWatch();
        if (!watch.enabled()) {
            return Optional.empty();
        }
        final ConsentClock.Sources sources = new ConsentClock.Sources(
                ConsentStreamsProgress.inputs(config.topics()),
                ConsentStreamsProgress.repartitionTopic(watch.consentApplicationId()),
                watch.consentApplicationId(),
                config.topics().consentState(),
                applicationId,
                consentPartitions);
        return Optional.of(new ConsentClockRunner(config.common().kafka().asMap(), sources, Clock.systemUTC()));
    }

    /** The configuration whose tuning has requests wait for {@code probe}. */
    static DispatcherConfig waitingFor(final DispatcherConfig config, final Optional<ConsentClockRunner> probe) {
        return probe.map(running -> config.withTuning(config.tuning().withConsentProgress(running,
                config.consentWatch().maxWait().orElseThrow()))).orElse(config);
    }

    /**
     * Up while the probe runs; the detail says how far behind consent is known current, which is
     * what a request waits for (not down when consent-streams is behind: restarting the dispatcher
     * would not help, and requests are held, then CONSENT_STALE, so nothing unsafe is sent).
     */
    static HealthCheck health(final ConsentClockRunner probe, final Duration maxWait) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "consent-progress";
            }

            @Override
            public Status status() {
                return probe.behind()
                        .map(behind -> new Status(true, behind.compareTo(maxWait) > 0
                                ? "consent known current only up to " + behind.toSeconds() + " s ago: requests are CONSENT_STALE"
                                : "consent current (" + behind.toMillis() + " ms behind)"))
                        .orElse(new Status(true, "not known yet"));
            }
        };
    }

    /** The probe as one of the dispatcher's components: started with them, closed with them. */
    static AppComponent component(final ConsentClockRunner probe, final Duration maxWait) {
        return new AppComponent() {
            @Override
            public List<HealthCheck> healthChecks() {
                return List.of(health(probe, maxWait));
            }

            @Override
            public void start() {
                probe.start();
            }

            @Override
            public void close() {
                probe.close();
            }
        };
    }
}
