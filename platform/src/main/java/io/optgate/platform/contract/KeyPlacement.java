package io.optgate.platform.contract;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Where a keyed record lives: the partition the Java producer's default partitioner and every
 * Kafka Streams sink give a key, {@code toPositive(murmur2(UTF-8 bytes of the key)) % partitions}.
 * consent-streams writes {@code consent.state} this way, so this is where a client's consent is,
 * and where the dispatcher judges that client's requests. Other producers may put a record
 * elsewhere (librdkafka's default {@code consistent_random} is CRC32 of the key, random for a null
 * key): such a record is re-routed by this rule before it is judged.
 */
public final class KeyPlacement {

    private KeyPlacement() {
    }

    /**
     * The partition of {@code key} among {@code partitions}.
     *
     * @throws IllegalArgumentException when {@code partitions} is less than 1
     */
    public static int partition(final String key, final int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Whether a record read with {@code recordKey} from {@code partition} sits where the record of
     * {@code ownerKey} belongs among {@code partitions}: under that very key, in that key's partition.
     */
    public static boolean isPlaced(final String recordKey, final String ownerKey, final int partition, final int partitions) {
        return ownerKey.equals(recordKey) && partition(ownerKey, partitions) == partition;
    }
}
