package io.optgate.bench.phases;

import io.optgate.bench.BenchSettings;
import io.optgate.bench.measure.LatencyProbe;
import io.optgate.bench.workload.Workload;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.schema.DispatchDecision;
import io.optgate.schema.MessageRequest;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.time.Duration;
import java.util.function.Function;

/** The latency trickle: steady requests to known clients, each timed from just before its send to its committed output. */
final class LatencyTrickle {

    private LatencyTrickle() {
    }

    /**
     * The latency trickle ({@code latencyRate} requests/s for {@code latencyDuration}) against the
     * app that is running now, the dispatcher's decisions or the pass-through's copies as output.
     */
    static LatencyProbe.Result run(final PhaseContext context, final boolean dispatcher, final String tag) {
        final BenchSettings settings = context.settings();
        final ContractTopics topics = context.topics();
        final Workload workload = context.workload();
        final Serializer<MessageRequest> requestSerializer = topics.messageRequests().valueSerde().serializer();
        final Deserializer<MessageRequest> copyReader = topics.messageRequests().valueSerde().deserializer();
        final Deserializer<DispatchDecision> decisionReader = topics.dispatchDecisions().valueSerde().deserializer();
        final String requestTopic = topics.names().messageRequests();
        final String outputTopic = dispatcher ? topics.dispatchDecisions().name() : PhaseContext.COPY_TOPIC;
        final Function<byte[], LatencyProbe.Output> outputOf = dispatcher
                ? bytes -> {
                    final DispatchDecision decision = decisionReader.deserialize(outputTopic, bytes);
                    return new LatencyProbe.Output(decision.getRequestId(), decision.getDecidedAt().toEpochMilli());
                }
                : bytes -> new LatencyProbe.Output(copyReader.deserialize(outputTopic, bytes).getRequestId(), -1);
        return LatencyProbe.run(context.cluster().clientConfig(), requestTopic, outputTopic,
                (requestId, sequence, now) -> {
                    final MessageRequest request = workload.latencyRequest(requestId, sequence, now);
                    return new byte[][] {workload.clientKeyBytes(request), requestSerializer.serialize(requestTopic, request)};
                },
                outputOf, tag, settings.latencyRate(), settings.latencyDuration(), settings.latencyWarmup(),
                Duration.ofSeconds(30));
    }
}
