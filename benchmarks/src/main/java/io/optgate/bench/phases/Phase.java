package io.optgate.bench.phases;

import java.util.function.Consumer;

/**
 * One measurement of the suite, which writes its own section of the report.
 *
 * @param name the name in progress lines and in the report's list of failed phases
 * @param body measures and reports; what it throws the suite reports, then goes on with the next phase
 */
public record Phase(String name, Consumer<PhaseContext> body) {

    /** Runs the phase against {@code context}. */
    public void run(final PhaseContext context) {
        body.accept(context);
    }
}
