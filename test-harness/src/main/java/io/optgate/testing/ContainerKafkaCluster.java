package io.optgate.testing;

import java.util.Locale;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka node in Docker (the {@code apache/kafka} image of the same version as our Kafka
 * clients), via Testcontainers. Used only when Docker is available.
 */
final class ContainerKafkaCluster extends BaseKafkaCluster {

    private final KafkaContainer container;

    private ContainerKafkaCluster(final KafkaContainer container) {
        this.container = container;
    }

    static ContainerKafkaCluster start() {
        final KafkaContainer container = new KafkaContainer(DockerImageName.parse("apache/kafka:" + AppInfoParser.getVersion()));
        // The image maps KAFKA_FOO_BAR to foo.bar, so the container gets the same settings as the other variants.
        BrokerSettings.forCluster(1).forEach((key, value) ->
                container.withEnv("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        container.start();
        final ContainerKafkaCluster cluster = new ContainerKafkaCluster(container);
        try {
            cluster.verifyProducesAndConsumes(READINESS_TIMEOUT);
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int nodeCount() {
        return 1;
    }

    @Override
    void stop() {
        container.stop();
    }
}
