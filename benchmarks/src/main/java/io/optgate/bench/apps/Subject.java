package io.optgate.bench.apps;

import org.apache.kafka.streams.Topology;

import java.util.Properties;

/**
 * An app under test: its topology and its Kafka Streams configuration, each built by the app's own
 * entry points, with the benchmark's settings ({@code bootstrap.servers}, {@code application.id},
 * {@code state.dir}, and per run {@code commit.interval.ms}) applied the way an operator would apply
 * them (as {@code KAFKA_*} settings on top of the app's defaults).
 */
public interface Subject {

    /** The name in the report. */
    String name();

    /** The topic whose committed records are the app's output, counted for throughput and latency. */
    String outputTopic();

    /** The app's Kafka Streams configuration with {@code settings} on top. */
    Properties config(RunSettings settings);

    /** The app's topology, built for {@code config}. */
    Topology topology(Properties config);
}
