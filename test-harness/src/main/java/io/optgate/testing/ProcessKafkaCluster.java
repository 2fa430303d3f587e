package io.optgate.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@link KafkaCluster} whose nodes are separate JVM processes (each a combined KRaft broker and
 * controller), so a test can kill one the hard way and bring it back.
 *
 * <p>Ask for it with {@code @RealKafka(nodes = 3, separateProcesses = true)} and a
 * {@code ProcessKafkaCluster} parameter. Such a cluster belongs to one test class.
 */
public interface ProcessKafkaCluster extends KafkaCluster {

    /** The node ids, {@code 1..nodeCount()}. */
    List<Integer> nodeIds();

    /**
     * Kills the node's process with SIGKILL ({@code kill -9}: no controlled shutdown, no flush)
     * and returns once the process has exited. Killing a dead node does nothing.
     *
     * @throws IllegalArgumentException for an unknown node id
     */
    void killBroker(int nodeId);

    /**
     * Starts the node again on the same ports and data directory (killing it first if it is still
     * running) and returns once the cluster lists it as a live broker again. Its replicas catch up
     * in the background; poll the ISR if a test depends on it.
     *
     * @throws IllegalArgumentException for an unknown node id
     * @throws IllegalStateException when the node does not come back within 60 s (the message
     *     holds the end of its log)
     */
    void restartBroker(int nodeId);

    /** The node's combined stdout/stderr log, kept until the cluster is closed. */
    Path logFile(int nodeId);
}
