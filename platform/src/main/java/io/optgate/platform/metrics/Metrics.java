package io.optgate.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.util.ArrayList;
import java.util.List;

/**
 * The process's metrics: one Prometheus registry with JVM and process metrics bound, to which
 * every Kafka Streams instance of the process is bound ({@link #bind(KafkaStreams, String)}) and
 * apps add their own meters ({@link #registry()}). Served at {@code GET /metrics}.
 */
public final class Metrics implements AutoCloseable {

    /** The Prometheus text exposition format served at {@code /metrics}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> bindings = new ArrayList<>();

    private Metrics(final PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A Prometheus registry with class-loader, memory, GC, thread, JVM-info, processor and uptime metrics,
     * added to Micrometer's global registry until {@link #close()}: code that Kafka instantiates by class
     * name and so cannot be handed a registry (the dead-letter handler's {@code optgate_dlq_records_total})
     * counts in {@code io.micrometer.core.instrument.Metrics.globalRegistry} and is served here.
     */
    public static Metrics prometheus() {
        final Metrics metrics = new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        io.micrometer.core.instrument.Metrics.addRegistry(metrics.registry);
        new ClassLoaderMetrics().bindTo(metrics.registry);
        new JvmMemoryMetrics().bindTo(metrics.registry);
        new JvmThreadMetrics().bindTo(metrics.registry);
        new JvmInfoMetrics().bindTo(metrics.registry);
        new ProcessorMetrics().bindTo(metrics.registry);
        new UptimeMetrics().bindTo(metrics.registry);
        final JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics.registry);
        metrics.bindings.add(gc);
        return metrics;
    }

    /** Where apps register their own meters (counters of decisions, timers, ...). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Publishes {@code streams}' client metrics, tagged {@code app=<app>}. Close the result when the
     * streams instance is closed (the runner does).
     */
    public synchronized AutoCloseable bind(final KafkaStreams streams, final String app) {
        final KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, List.of(Tag.of("app", app)));
        binder.bindTo(registry);
        bindings.add(binder);
        return () -> {
            synchronized (this) {
                bindings.remove(binder);
            }
            binder.close();
        };
    }

    /** Every metric in the Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** Unbinds everything and closes the registry. */
    @Override
    public synchronized void close() {
        for (final AutoCloseable binding : List.copyOf(bindings)) {
            try {
                binding.close();
            } catch (final Exception ignored) {
                // Closing is best effort: a binder that fails to close holds nothing we could release.
            }
        }
        bindings.clear();
        io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        registry.close();
    }
}
