package io.optgate.platform.http;

/** Something {@code GET /health} reports on, e.g. a Kafka Streams app. */
public interface HealthCheck {

    /** The name shown in the health answer, e.g. {@code consent-streams}. */
    String name();

    /** The current status; called on every {@code GET /health}, so it must be cheap. */
    Status status();

    /**
     * Up or down, with a short detail such as the Kafka Streams state.
     *
     * @param up whether this part can do its work
     * @param detail e.g. {@code RUNNING}, {@code REBALANCING}
     */
    record Status(boolean up, String detail) {
    }
}
