package io.optgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Entry point of a broker process started by {@link KafkaClusters#separateProcesses(int)}: runs
 * {@code kafka.Kafka} with the given {@code server.properties}, and halts as soon as its standard
 * input reaches end-of-file, which happens when the test JVM that started it dies, even by
 * {@code kill -9}. So a crashed or killed test run never leaves brokers behind, nor (when
 * {@value #CLEANUP_PROPERTY} names it) the cluster's temporary directory.
 *
 * <p>Not meant to be called from tests.
 */
public final class BrokerProcessMain {

    /** System property naming the directory to delete when the parent JVM is gone. */
    static final String CLEANUP_PROPERTY = "optgate.harness.cleanup-directory";

    private BrokerProcessMain() {
    }

    /**
     * Starts the broker.
     *
     * @param args the path of the node's {@code server.properties}
     */
    public static void main(final String[] args) {
        final Thread parentWatch = new Thread(BrokerProcessMain::haltWhenParentIsGone, "optgate-parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        kafka.Kafka.main(args);
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
        final String cleanup = System.getProperty(CLEANUP_PROPERTY);
        if (cleanup != null) {
            Directories.deleteQuietly(Path.of(cleanup));
        }
        Runtime.getRuntime().halt(3);
    }
}
