package io.optgate.platform.dlq;

import io.optgate.platform.topics.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams deserialization handler that sends an unreadable record, raw, to
 * {@code <source topic>.dlq} with the {@link DeadLetters} headers, and goes on with the next record.
 * The dead letter is produced by the task's own producer (inside its transaction under exactly-once),
 * so it is written exactly when the input offset is committed.
 *
 * <p>A failure that says nothing about the bytes (the Schema Registry unreachable, a registry auth
 * error) is not dead-lettered: the handler answers FAIL, the stream thread dies, and the app's
 * uncaught-exception handler replaces it, which reads the record again once the registry is back.
 *
 * <p>Install with {@link #configure(Properties, String)}. The {@code <topic>.dlq} topics must exist
 * (or be auto-created) for every source topic.
 *
 * <p>Each dead letter is counted as {@value DeadLetters#RECORDS_METER} ({@code optgate_dlq_records_total},
 * tagged {@code app}, {@code source_topic}, {@code reason}) in Micrometer's global registry: Kafka Streams
 * creates this handler from its class name, so no registry can be handed to it, and
 * {@link io.optgate.platform.metrics.Metrics#prometheus()} adds the process's Prometheus registry to the
 * global one (removing it on close), which is how the count reaches {@code /metrics}.
 */
public final class DeadLetterQueueDeserializationHandler implements DeserializationExceptionHandler {

    /** Streams config key for the app name written to {@value DeadLetters#APP}; default: {@code application.id}. */
    public static final String APP_NAME_CONFIG = "optgate.dlq.app";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueueDeserializationHandler.class);

    private String appName = "unknown";

    /**
     * Sets this handler as {@code deserialization.exception.handler} in {@code streamsConfig}, naming the
     * app {@code appName} in dead letters.
     *
     * @return {@code streamsConfig}, for chaining
     */
    public static Properties configure(final Properties streamsConfig, final String appName) {
        streamsConfig.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterQueueDeserializationHandler.class.getName());
        streamsConfig.put(APP_NAME_CONFIG, Objects.requireNonNull(appName, "appName"));
        return streamsConfig;
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object configured = configs.get(APP_NAME_CONFIG);
        final Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (configured != null && !configured.toString().isBlank()) {
            appName = configured.toString();
        } else if (applicationId != null) {
            appName = applicationId.toString();
        }
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        final Optional<DeadLetterCause> cause = DeadLetterCause.of(exception);
        if (cause.isEmpty()) {
            LOG.error("Cannot read record {}-{}@{} for a reason that is not the record's ({}); failing so that it is "
                + "read again", record.topic(), record.partition(), record.offset(), exception.getClass().getName());
            return Response.fail();
        }
        LOG.warn("Dead-lettering record {}-{}@{} (task {}) to {}: {}", record.topic(), record.partition(),
            record.offset(), context.taskId(), TopicNames.dlq(record.topic()),
            cause.get().reason());
        DeadLetters.count(io.micrometer.core.instrument.Metrics.globalRegistry, appName, record.topic(),
            cause.get().reason());
        return Response.resume(List.of(DeadLetters.record(appName, record.topic(), record.partition(), record.offset(),
            record.timestamp(), record.key(), record.value(), record.headers(), cause.get())));
    }
}
