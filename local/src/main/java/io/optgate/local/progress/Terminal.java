package io.optgate.local.progress;

import java.io.PrintStream;

/**
 * The terminal local mode writes to. On a TTY the status line is redrawn in place (carriage return)
 * and a message that must stay (a warning, the banner) is printed above it; otherwise every status
 * is its own plain line, so a redirected output stays readable.
 */
public final class Terminal {

    private static final String CLEAR_LINE = "\r\u001B[2K";

    private final PrintStream out;
    private final boolean tty;
    private String status = "";

    /**
     * @param out where to write, usually {@code System.out}
     * @param tty whether {@code out} is an interactive terminal
     */
    public Terminal(final PrintStream out, final boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** A terminal on {@code System.out}; a TTY when the JVM has a console. */
    public static Terminal system() {
        return new Terminal(System.out, System.console() != null);
    }

    /** Whether the status line is redrawn in place. */
    public boolean tty() {
        return tty;
    }

    /** Replaces the status line (on a TTY) or prints it as a new line. */
    public synchronized void status(final String line) {
        if (tty) {
            status = line;
            out.print(CLEAR_LINE + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a line that stays, above the status line. */
    public synchronized void println(final String line) {
        if (tty && !status.isEmpty()) {
            out.print(CLEAR_LINE);
            out.println(line);
            out.print(status);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the status line, so what follows starts on a new line. */
    public synchronized void endStatus() {
        if (tty && !status.isEmpty()) {
            out.println();
            status = "";
            out.flush();
        }
    }
}
