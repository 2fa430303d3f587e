package io.optgate.platform.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client, or many, may take from the server. Every limit is enforced by Jetty or by
 * {@link ApiHandler}; {@code docs/operations.md} lists them for operators.
 *
 * @param threads        request threads (a handler that blocks, e.g. on a Kafka ack, holds one)
 * @param maxConnections open connections; beyond it new ones wait in the accept backlog
 * @param maxBodyBytes   largest request body; larger is 413 {@code PAYLOAD_TOO_LARGE}
 * @param headerTimeout  a connection must send a whole request head within this, from its opening
 *                       or from the previous answer, or it is closed
 * @param bodyTimeout    the whole body must arrive within this, or 408 {@code REQUEST_TIMEOUT}
 * @param idleTimeout    a connection with no traffic at all for this long is closed
 */
record ServerLimits(int threads, int maxConnections, int maxBodyBytes,
                    Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout) {

    /** Largest request head (request line and headers) in bytes; larger is 431. */
    static final int MAX_HEAD_BYTES = 8 * 1024;

    ServerLimits {
        positive("threads", threads);
        positive("maxConnections", maxConnections);
        if (maxBodyBytes < 0 || maxBodyBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes out of range: " + maxBodyBytes);
        }
        positive("headerTimeout", headerTimeout);
        positive("bodyTimeout", bodyTimeout);
        positive("idleTimeout", idleTimeout);
    }

    private static void positive(final String name, final int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    private static void positive(final String name, final Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
