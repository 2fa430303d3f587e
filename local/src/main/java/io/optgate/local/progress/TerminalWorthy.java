package io.optgate.local.progress;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.boolex.EventEvaluatorBase;

/**
 * Which log events deserve the terminal: optgate's own warnings and errors, and other libraries'
 * errors. Kafka's routine warnings (a controller activating, a client reconnecting) stay in the file.
 */
public final class TerminalWorthy extends EventEvaluatorBase<ILoggingEvent> {

    @Override
    public boolean evaluate(final ILoggingEvent event) {
        final Level level = event.getLevel();
        return level.isGreaterOrEqual(Level.ERROR)
                || level.isGreaterOrEqual(Level.WARN) && event.getLoggerName().startsWith("io.optgate");
    }
}
