package io.optgate.testing;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Cluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * A Java producer partitioner that places records as librdkafka's default partitioner
 * ({@code consistent_random}) does, and so as Confluent's Python, Go, .NET and C clients do unless
 * told otherwise: CRC32 of the key bytes modulo the partition count, a random partition for a
 * null or empty key. Tests use it to write what such an upstream producer writes; the Java
 * client's own default is murmur2 of the key.
 *
 * <pre>{@code
 * new KafkaProducer<>(ConsistentRandomPartitioner.producerConfig(kafka.producerConfig()), keys, values);
 * }</pre>
 */
public final class ConsistentRandomPartitioner implements Partitioner {

    /** {@code config} with this partitioner set as {@code partitioner.class} (a copy). */
    public static Map<String, Object> producerConfig(final Map<String, Object> config) {
        final Map<String, Object> copy = new HashMap<>(config);
        copy.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ConsistentRandomPartitioner.class.getName());
        return copy;
    }

    /** The partition librdkafka gives a non-empty {@code key} (UTF-8) among {@code partitions}. */
    public static int partitionOf(final String key, final int partitions) {
        return partitionOf(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private static int partitionOf(final byte[] keyBytes, final int partitions) {
        final CRC32 crc = new CRC32();
        crc.update(keyBytes);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(final String topic, final Object key, final byte[] keyBytes, final Object value,
                         final byte[] valueBytes, final Cluster cluster) {
        final int partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null || keyBytes.length == 0) {
            return ThreadLocalRandom.current().nextInt(partitions);
        }
        return partitionOf(keyBytes, partitions);
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        // nothing to configure: librdkafka's partitioner takes no settings either
    }

    @Override
    public void close() {
        // holds nothing
    }
}
