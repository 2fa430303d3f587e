package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.app.DispatcherComponent;
import io.optgate.dispatcher.app.DispatcherContext;
import io.optgate.dispatcher.app.DispatcherExtension;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicDefinition;
import io.optgate.platform.topics.TopicNames;
import org.apache.kafka.streams.StreamsBuilder;

import java.util.List;
import java.util.Optional;

/**
 * Plugs the Twilio edge into the dispatcher app: its topics (the hand-over ledger and the gate's
 * input) with the app's, the delivery-status gate in the app's topology, and a component running
 * the SMS sender and serving {@code /twilio/status} and {@code /twilio/inbound}. The Twilio
 * variables ({@link TwilioConfig}) are read and validated when the component is created.
 */
public final class TwilioExtension implements DispatcherExtension {

    @Override
    public List<TopicDefinition> topics(final TopicNames names, final int partitions) {
        return TwilioEdge.topics(names, partitions);
    }

    @Override
    public void addTo(final StreamsBuilder builder, final ContractTopics topics) {
        TwilioEdge.addGateTo(builder, topics);
    }

    @Override
    public DispatcherComponent create(final DispatcherContext context) {
        final TwilioEdge edge = TwilioEdge.create(TwilioConfig.from(context.env()), context.kafkaClientSettings(),
                context.config().common().publicUrl(), context.topics(), context.practices(),
                context.metrics().registry(), context.clock());
        return new DispatcherComponent() {
            @Override
            public Routes routes() {
                return edge.routes();
            }

            @Override
            public List<HealthCheck> healthChecks() {
                return edge.healthChecks();
            }

            @Override
            public Optional<Throwable> failure() {
                return edge.failure();
            }

            @Override
            public void start() {
                edge.start();
            }

            @Override
            public void close() {
                edge.close();
            }
        };
    }
}
