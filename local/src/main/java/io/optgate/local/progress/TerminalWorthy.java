package io.optgate.local.progress;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.boolex.EventEvaluatorBase;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Which log events deserve the terminal: optgate's own warnings and errors. Everything else stays
 * in the log file: the embedded broker and Kafka Streams log routine recoveries at WARN and even
 * ERROR (a controller registering before it is active, a store rebuilt after a restart), and when
 * one matters to the apps, optgate's own code logs it (a stream thread dying, an app in ERROR).
 */
public final class TerminalWorthy extends EventEvaluatorBase<ILoggingEvent> {

    /** Marks an event already told to the person at the terminal in other words: it goes to the file only. */
    public static final Marker FILE_ONLY = MarkerFactory.getMarker("FILE_ONLY");

    @Override
    public boolean evaluate(final ILoggingEvent event) {
        final Level level = event.getLevel();
        final boolean fileOnly = event.getMarkerList() != null && event.getMarkerList().contains(FILE_ONLY);
        return !fileOnly && level.isGreaterOrEqual(Level.WARN) && event.getLoggerName().startsWith("io.optgate.");
    }
}
