package io.optgate.local.progress;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.boolex.EventEvaluatorBase;

/**
 * Which log events deserve the terminal: optgate's own warnings and errors. Everything else stays
 * in the log file: the embedded broker and Kafka Streams log routine recoveries at WARN and even
 * ERROR (a controller registering before it is active, a store rebuilt after a restart), and when
 * one matters to the apps, optgate's own code logs it (a stream thread dying, an app in ERROR).
 */
public final class TerminalWorthy extends EventEvaluatorBase<ILoggingEvent> {

    @Override
    public boolean evaluate(final ILoggingEvent event) {
        final Level level = event.getLevel();
        return level.isGreaterOrEqual(Level.WARN) && event.getLoggerName().startsWith("io.optgate.");
    }
}
