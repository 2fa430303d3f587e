/**
 * State stores that survive a clean restart under exactly-once without being restored again.
 *
 * <p>Kafka Streams 4.3 keeps a persistent store's committed changelog offset inside the store. A
 * RocksDB window store keeps it inside its segments, so a window store that holds no segment has no
 * offset at all, and under {@code exactly_once_v2} the runtime reads that as a crash: it wipes every
 * store of the task and restores them all from their changelogs, on every restart. A task whose
 * window store stays empty (a partition that has seen no delivery event, no request for a week)
 * therefore re-restores its other, possibly large, stores each time. {@link WindowStores} builds
 * window stores that keep their offset in the task's checkpoint file instead, which records "no
 * offset yet" for an empty store.
 */
package io.optgate.platform.state;
