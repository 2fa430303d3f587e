package io.optgate.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real Kafka cluster: declare a {@link KafkaCluster} (or, with
 * {@code separateProcesses = true}, a {@link ProcessKafkaCluster}) parameter on a test method, a
 * lifecycle method such as {@code @BeforeAll}, or the constructor.
 *
 * <pre>{@code
 * @RealKafka
 * class ConsentTopologyIT {
 *     @BeforeAll
 *     static void topics(final KafkaCluster kafka) {
 *         kafka.createCompactedTopic("consent.state", 3);
 *     }
 *
 *     @Test
 *     void storesTheLatestConsent(final KafkaCluster kafka) {
 *         final Properties config = new Properties();
 *         config.putAll(kafka.clientConfig());
 *         ...
 *         kafka.awaitNoLag("consent-streams", Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 *
 * <p>Without separate processes the cluster is shared by every test class in the JVM that asks for
 * the same number of nodes (started on first use, stopped when the test run ends): use unique
 * topic and group names. With separate processes each test class gets its own cluster, stopped
 * after the class.
 *
 * @see KafkaClusterExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaClusterExtension.class)
public @interface RealKafka {

    /** How many nodes (each a broker and a KRaft controller); default 1. */
    int nodes() default 1;

    /**
     * Whether every node runs in its own JVM so that tests can kill it; default {@code false}
     * (in-process, or Testcontainers when Docker is available and {@code nodes == 1}).
     */
    boolean separateProcesses() default false;
}
