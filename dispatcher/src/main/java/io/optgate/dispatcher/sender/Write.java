package io.optgate.dispatcher.sender;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.List;

/**
 * Records to write for one text in the next transaction.
 *
 * @param tp       the text's outbound partition
 * @param offset   the text's offset there
 * @param records  what to write
 * @param retry    a retry to schedule once they are written, or null
 * @param finishes the text needs nothing more once they are written
 */
record Write(TopicPartition tp, long offset, List<ProducerRecord<byte[], byte[]>> records, Scheduled retry,
             boolean finishes) {

    Write {
        records = List.copyOf(records);
    }
}
