package io.optgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in a process started by a test, and halts that process as soon
 * as its standard input reaches end-of-file, which happens when the test JVM that started it dies,
 * even by {@code kill -9}. So an aborted fault run never leaves app processes behind. Start it as
 * {@code java -cp <the app's jar>:<this class's location> io.optgate.testing.ChildProcessMain
 * <main class> <arguments...>} with standard input a pipe from the test.
 *
 * <p>Not meant to be called from tests.
 */
public final class ChildProcessMain {

    private ChildProcessMain() {
    }

    /**
     * Watches the parent, then runs the program.
     *
     * @param args the main class, then its arguments
     */
    public static void main(final String[] args) throws ReflectiveOperationException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ChildProcessMain <main class> [arguments...]");
        }
        final Thread parentWatch = new Thread(ChildProcessMain::haltWhenParentIsGone, "optgate-parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        final Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (final InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void haltWhenParentIsGone() {
        final InputStream fromParent = System.in;
        try {
            while (fromParent.read() != -1) {
                // The parent never writes; anything it sends is ignored.
            }
        } catch (final IOException e) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        Runtime.getRuntime().halt(3);
    }
}
