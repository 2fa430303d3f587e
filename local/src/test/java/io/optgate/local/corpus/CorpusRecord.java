package io.optgate.local.corpus;

/**
 * One generated record for a topic of the contract.
 *
 * @param kind   what is wrong with it (or {@code valid ...}), the row of the printed table
 * @param bad    whether it is bad input
 * @param topic  the topic it is written to
 * @param key    the raw key, or null
 * @param value  the raw value, or null (a tombstone)
 * @param expect what must become of it
 */
public record CorpusRecord(String kind, boolean bad, String topic, byte[] key, byte[] value, Expect expect) {
}
