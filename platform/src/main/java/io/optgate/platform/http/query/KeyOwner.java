package io.optgate.platform.http.query;

import org.apache.kafka.streams.state.HostInfo;

import java.util.Objects;

/** Which instance holds the state of one key right now. */
public sealed interface KeyOwner permits KeyOwner.Local, KeyOwner.Remote, KeyOwner.Unavailable {

    /** Partition value meaning "any local partition" (global stores). */
    int ANY_PARTITION = -1;

    /**
     * This instance: query the local store.
     *
     * @param partition the store partition that holds the key, or {@link #ANY_PARTITION}
     */
    record Local(int partition) implements KeyOwner {
    }

    /** Another instance, reachable at its {@code application.server}. */
    record Remote(HostInfo host) implements KeyOwner {
        public Remote {
            Objects.requireNonNull(host, "host");
        }
    }

    /** Nobody, for now (starting, rebalancing, restoring). */
    record Unavailable(String reason) implements KeyOwner {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
