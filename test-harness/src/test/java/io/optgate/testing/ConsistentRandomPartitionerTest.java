package io.optgate.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RealKafka
class ConsistentRandomPartitionerTest {

    @Test
    void crc32OfTheKeyAsLibrdkafkaComputesIt() {
        // zlib's check value: CRC-32 of "123456789" is 0xCBF43926 (3421780262).
        assertEquals(262, ConsistentRandomPartitioner.partitionOf("123456789", 1000));
        assertEquals((int) (3421780262L % 7), ConsistentRandomPartitioner.partitionOf("123456789", 7));
    }

    @Test
    void aProducerWithItWritesKeyedRecordsToTheCrc32Partition(final KafkaCluster kafka) throws Exception {
        final String topic = TestRecords.unique("crc32");
        kafka.createTopic(topic, 6);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ConsistentRandomPartitioner.producerConfig(kafka.producerConfig()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                final String key = "vet-a:client-" + i;
                final RecordMetadata written = producer.send(new ProducerRecord<>(topic, key, "v")).get();
                assertEquals(ConsistentRandomPartitioner.partitionOf(key, 6), written.partition(), key);
            }
            final RecordMetadata unkeyed = producer.send(new ProducerRecord<>(topic, null, "v")).get();
            assertTrue(unkeyed.partition() >= 0 && unkeyed.partition() < 6);
        }
    }
}
