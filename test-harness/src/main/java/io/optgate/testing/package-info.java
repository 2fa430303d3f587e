/**
 * A real Kafka cluster for tests (test scope only; main code never depends on this).
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * <dependency>
 *   <groupId>io.optgate</groupId>
 *   <artifactId>optgate-test-harness</artifactId>
 *   <scope>test</scope>
 * </dependency>
 *
 * @RealKafka                                  // one in-process node, shared by the test JVM
 * class DispatcherIT {
 *     @BeforeAll
 *     static void topics(final KafkaCluster kafka) {
 *         kafka.createTopic("messages.requests", 3);
 *         kafka.createCompactedTopic("consent.phone-state", 3);
 *     }
 *
 *     @Test
 *     void sendsWhatWasConsented(final KafkaCluster kafka) {
 *         final Map<String, Object> config = kafka.producerConfig();   // bootstrap, acks=all, idempotent
 *         ...
 *         kafka.awaitNoLag("dispatcher", Duration.ofSeconds(30));       // AssertionError names lagging partitions
 *     }
 * }
 *
 * @RealKafka(nodes = 3, separateProcesses = true)   // own cluster of 3 broker JVMs for this class
 * class FailoverIT {
 *     @Test
 *     void survivesABrokerCrash(final ProcessKafkaCluster kafka) {
 *         kafka.killBroker(2);      // kill -9
 *         ...
 *         kafka.restartBroker(2);
 *     }
 * }
 * }</pre>
 *
 * <h2>Variants</h2>
 * <ul>
 *   <li>{@link io.optgate.testing.KafkaClusters#inProcess(int) in-process} KRaft (Kafka's
 *       {@code KafkaClusterTestKit}): the default; starts in seconds.
 *   <li>{@link io.optgate.testing.KafkaClusters#separateProcesses(int) separate processes}
 *       ({@code kafka.Kafka} per node, formatted with {@code kafka.tools.StorageTool}): for tests
 *       that kill a broker. {@link io.optgate.testing.KafkaClusters#separateProcesses(int, SaslPlain)
 *       With a SaslPlain user} the client listener is {@code SASL_PLAINTEXT}/{@code PLAIN} only
 *       ({@link io.optgate.testing.KafkaCluster#clientSecurity()} holds the client settings).
 *   <li>{@link io.optgate.testing.KafkaClusters#testcontainers() Testcontainers}: chosen instead of
 *       in-process for single-node clusters when a Docker engine answers. System property
 *       {@code optgate.test.kafka} (or env {@code OPTGATE_TEST_KAFKA}) = {@code in-process} forces
 *       the in-process variant.
 * </ul>
 *
 * <h2>Broker settings every variant shares</h2>
 * No topic auto-creation; replication factor {@code min(3, nodes)} for new and internal topics;
 * {@code min.insync.replicas} one less (at least 1); no initial rebalance delay; a dead broker is
 * fenced after 3 s.
 *
 * <h2>Quiet logs</h2>
 * A module's {@code src/test/resources/logback-test.xml} should include
 * {@code io/optgate/testing/quiet-kafka-logback.xml}. Separate broker processes log to files in
 * their temporary directory ({@link io.optgate.testing.ProcessKafkaCluster#logFile(int)}).
 */
package io.optgate.testing;
