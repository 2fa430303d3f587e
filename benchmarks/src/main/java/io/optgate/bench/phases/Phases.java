package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The phases that {@code --phases} chose, in the order they run: later ones read what earlier ones found. */
public final class Phases {

    private Phases() {
    }

    /**
     * The chosen phases in the suite's fixed order; memory comes with throughput (it reports that
     * phase's runs), consent-streams only with consent clients, and the targets always come last.
     */
    public static List<Phase> chosen(final BenchSettings settings) {
        final Set<String> names = settings.phases();
        final List<Phase> phases = new ArrayList<>();
        if (names.contains("throughput")) {
            phases.add(new Phase("throughput", ThroughputPhase::run));
            phases.add(new Phase("memory", MemoryPhase::run));
        }
        if (names.contains("latency")) {
            phases.add(new Phase("latency", LatencyPhase::run));
        }
        if (names.contains("restore")) {
            phases.add(new Phase("dispatcher restore", DispatcherRestorePhase::run));
        }
        if (names.contains("consent") && settings.consentClients() > 0) {
            phases.add(new Phase("consent-streams", ConsentStreamsPhase::run));
        }
        if (names.contains("eos")) {
            phases.add(new Phase("eos curve", EosCurvePhase::run));
        }
        if (names.contains("instances")) {
            phases.add(new Phase("two instances", TwoInstancesPhase::run));
        }
        if (names.contains("outage")) {
            phases.add(new Phase("consent outage", ConsentOutagePhase::run));
        }
        phases.add(new Phase("targets", TargetsPhase::run));
        return List.copyOf(phases);
    }
}
