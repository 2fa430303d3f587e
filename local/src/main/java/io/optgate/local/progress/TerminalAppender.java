package io.optgate.local.progress;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.optgate.platform.logging.PhoneMasking;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Instant;

/**
 * Shows warnings and errors in local mode's terminal without breaking the live status line: each
 * event is printed above it through {@link Terminal#println}, phone numbers masked, one line, the
 * exception's class and message only (the full trace is in the log file). Until local mode hands
 * it the {@link Terminal}, it writes to stderr.
 */
public final class TerminalAppender extends AppenderBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private volatile Terminal terminal;

    /** Where events go from now on. */
    public void setTerminal(final Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    protected void append(final ILoggingEvent event) {
        final String logger = event.getLoggerName();
        final StringBuilder line = new StringBuilder()
                .append(LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault()).format(TIME))
                .append(' ').append(event.getLevel())
                .append(' ').append(logger.substring(logger.lastIndexOf('.') + 1))
                .append(": ").append(event.getFormattedMessage());
        final IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.append(" (").append(error.getClassName()).append(": ").append(error.getMessage()).append(')');
        }
        final String text = PhoneMasking.mask(line.toString()).replace('\n', ' ').replace('\r', ' ');
        final Terminal current = terminal;
        if (current != null) {
            current.println(text);
        } else {
            System.err.println(text);
        }
    }
}
