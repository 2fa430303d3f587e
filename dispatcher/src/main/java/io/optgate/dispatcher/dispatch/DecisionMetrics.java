package io.optgate.dispatcher.dispatch;

import io.optgate.schema.DispatchDecision;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts decisions by verdict and reason as Kafka Streams custom metrics
 * ({@value #GROUP} / {@value #TOTAL}, tagged {@code verdict}, {@code reason} and {@code task-id}), so
 * they reach {@code /metrics} with Kafka Streams' own metrics. Per task, as Kafka Streams' own are.
 */
final class DecisionMetrics {

    static final String GROUP = "optgate-dispatcher-metrics";
    static final String TOTAL = "decisions-total";

    private final StreamsMetrics metrics;
    private final String task;
    private final Map<String, Sensor> sensors = new HashMap<>();

    DecisionMetrics(final StreamsMetrics metrics, final String task) {
        this.metrics = metrics;
        this.task = task;
    }

    void record(final DispatchDecision decision) {
        final String verdict = decision.getVerdict().name().toLowerCase(Locale.ROOT);
        final String reason = decision.getReason().name().toLowerCase(Locale.ROOT);
        sensors.computeIfAbsent(verdict + "." + reason, key -> {
            // One sensor per combination: a sensor records into every metric it holds.
            final Sensor sensor = metrics.addSensor("optgate-dispatcher." + task + ".decisions." + key, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(TOTAL, GROUP, "Requests decided, by verdict and reason",
                    Map.of("task-id", task, "verdict", verdict, "reason", reason)), new CumulativeCount());
            return sensor;
        }).record();
    }

    void close() {
        sensors.values().forEach(metrics::removeSensor);
        sensors.clear();
    }
}
