package io.optgate.dispatcher.twilio;

import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.sender.DryRunGateway;
import io.optgate.dispatcher.sender.MessageGateway;
import io.optgate.dispatcher.sender.SenderSettings;
import io.optgate.dispatcher.sender.SmsSender;
import io.optgate.platform.config.CommonConfig;
import io.optgate.platform.dlq.DeadLetterQueueDeserializationHandler;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.metrics.Metrics;
import io.optgate.platform.runner.StreamsApp;
import io.optgate.platform.runner.StreamsConfigs;
import io.optgate.platform.runner.StreamsRunner;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicDefinition;
import io.optgate.platform.topics.TopicProvisioner;
import io.optgate.schema.Channel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything of the dispatcher that talks to Twilio, as one part the dispatcher app starts and
 * stops with itself: the SMS sender ({@link SmsSender}), the delivery-status gate
 * ({@link DeliveryStatusGate}, its own small Kafka Streams app) and the two webhooks
 * ({@link #routes()}, to be served by the app's HTTP server).
 * <p>
 * Its own topics, created on {@link #start()} when missing and checked otherwise:
 * <ul>
 *   <li>{@code <dispatch.outbound.sms>.ledger}: the hand-over ledger; compacted (and deleted after 7
 *       days), exactly as many partitions as the outbound topic;</li>
 *   <li>{@code <dispatch.deliveries>.updates}: the gate's input; as many partitions as
 *       {@code dispatch.deliveries}.</li>
 * </ul>
 * The contract topics it reads and writes must exist before it starts.
 * <pre>{@code
 * TwilioEdge twilio = TwilioEdge.create(TwilioConfig.from(env), common, topics, practices, metrics, Clock.systemUTC());
 * HttpApi.builder()...routes(twilio.routes())...;   // OpsRoutes.create(metrics, twilio.healthChecks())
 * twilio.start();
 * ...
 * twilio.close();
 * }</pre>
 */
public final class TwilioEdge implements AutoCloseable {

    /** application.id of the delivery-status gate. */
    public static final String GATE_APPLICATION_ID = "optgate-dispatcher-delivery-gate";
    /** Suffix of the ledger topic, after the outbound SMS topic's name. */
    public static final String LEDGER_SUFFIX = ".ledger";
    /** Suffix of the gate's input topic, after the deliveries topic's name. */
    public static final String UPDATES_SUFFIX = ".updates";
    /** How long ledger entries are kept at most. */
    public static final Duration LEDGER_RETENTION = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(TwilioEdge.class);

    private final TwilioConfig config;
    private final CommonConfig common;
    private final ContractTopics topics;
    private final PracticeDirectory practices;
    private final Metrics metrics;
    private final Clock clock;
    private final String instanceId;
    private final TwilioWebhooks webhooks;
    private final KafkaWebhookSink sink;
    private SmsSender sender;
    private StreamsRunner gate;

    private TwilioEdge(final TwilioConfig config, final CommonConfig common, final ContractTopics topics,
                       final PracticeDirectory practices, final Metrics metrics, final Clock clock,
                       final String instanceId) {
        this.config = config;
        this.common = common;
        this.topics = topics;
        this.practices = practices;
        this.metrics = metrics;
        this.clock = clock;
        this.instanceId = instanceId;
        this.sink = new KafkaWebhookSink(kafka(common), updatesTopic(), topics.consentPhoneEvents().name(),
                topics.dispatchDeliveries().valueSerde().serializer(), topics.consentPhoneEvents().valueSerde().serializer());
        this.webhooks = new TwilioWebhooks(config.authToken(), common.publicUrl().toString(), practices, sink,
                metrics.registry(), clock);
    }

    /**
     * The Twilio edge of one dispatcher instance, not started.
     *
     * @param config    the Twilio variables
     * @param common    the shared configuration (Kafka, public URL, data dir)
     * @param topics    the contract topics and their serdes
     * @param practices each practice's sending number and help text
     * @param metrics   the process's metrics
     * @param clock     the time for events, expiry and pacing
     */
    public static TwilioEdge create(final TwilioConfig config, final CommonConfig common, final ContractTopics topics,
                                    final PracticeDirectory practices, final Metrics metrics, final Clock clock) {
        return new TwilioEdge(Objects.requireNonNull(config, "config"), Objects.requireNonNull(common, "common"),
                Objects.requireNonNull(topics, "topics"), Objects.requireNonNull(practices, "practices"),
                Objects.requireNonNull(metrics, "metrics"), Objects.requireNonNull(clock, "clock"),
                UUID.randomUUID().toString());
    }

    /** {@code POST /twilio/status} and {@code POST /twilio/inbound}. */
    public Routes routes() {
        return TwilioRoutes.of(webhooks);
    }

    /** The sender and the gate, for {@code /health}. */
    public List<HealthCheck> healthChecks() {
        return List.of(new SenderHealth(), new GateHealth());
    }

    /** The ledger topic's name. */
    public String ledgerTopic() {
        return topics.outbound(Channel.SMS).name() + LEDGER_SUFFIX;
    }

    /** The gate's input topic's name. */
    public String updatesTopic() {
        return topics.dispatchDeliveries().name() + UPDATES_SUFFIX;
    }

    /**
     * Creates or checks the edge's own topics, then starts the gate and the sender.
     *
     * @throws IllegalStateException when a contract topic it needs is missing, or its own topics
     *                               differ from their definitions
     */
    public synchronized void start() {
        provisionTopics();
        final StreamsBuilder builder = new StreamsBuilder();
        DeliveryStatusGate.build(builder, updatesTopic(), topics.dispatchDeliveries().name(),
                topics.dispatchDeliveries().valueSerde(), DeliveryStatusGate.DEFAULT_RETENTION);
        final Properties gateConfig = StreamsConfigs.build(GATE_APPLICATION_ID, common, Map.of());
        DeadLetterQueueDeserializationHandler.configure(gateConfig, GATE_APPLICATION_ID);
        gate = StreamsRunner.builder(new StreamsApp("twilio-delivery-gate", builder.build(gateConfig), gateConfig))
                .metrics(metrics)
                .build()
                .start();

        final MessageGateway gateway = config.credentials()
                .<MessageGateway>map(credentials -> new TwilioGateway(credentials, config.messagingServiceSid(),
                        config.apiBaseUrl(), common.publicUrl().toString(), clock, config.maxConcurrency()))
                .orElseGet(DryRunGateway::new);
        if (config.dryRun()) {
            LOG.warn("No Twilio credentials ({} and {}): the SMS sender runs dry, every text is recorded DRY_RUN",
                    TwilioConfig.ACCOUNT_SID, TwilioConfig.AUTH_TOKEN);
        }
        if (config.authToken().isEmpty()) {
            LOG.warn("No {}: /twilio/status and /twilio/inbound answer 403 to everything", TwilioConfig.AUTH_TOKEN);
        }
        final SenderSettings settings = new SenderSettings(topics.outbound(Channel.SMS).name(), ledgerTopic(),
                updatesTopic(), topics.consentPhoneEvents().name(), SenderSettings.DEFAULT_GROUP_ID,
                SenderSettings.DEFAULT_GROUP_ID + "-" + instanceId, config.maxMps(), config.maxConcurrency(),
                config.retryPolicy(), SenderSettings.DEFAULT_MAX_QUEUED, SenderSettings.DEFAULT_DRAIN_TIMEOUT,
                "optgate-dispatcher");
        sender = new SmsSender(settings, kafka(common), topics.outbound(Channel.SMS).valueSerde(),
                topics.dispatchDeliveries().valueSerde(), topics.consentPhoneEvents().valueSerde(), gateway, practices,
                metrics.registry(), clock);
        sender.start();
        LOG.info("Twilio edge started: {}", config);
    }

    /** Stops the sender (texts in flight finish), then the gate, then the webhook producer. Idempotent. */
    @Override
    public synchronized void close() {
        if (sender != null) {
            sender.close();
        }
        if (gate != null) {
            gate.close();
        }
        sink.close();
    }

    private void provisionTopics() {
        try (Admin admin = Admin.create(kafka(common))) {
            final String outbound = topics.outbound(Channel.SMS).name();
            final String deliveries = topics.dispatchDeliveries().name();
            final Map<String, TopicDescription> contract = describe(admin, List.of(outbound, deliveries));
            new TopicProvisioner(admin).provision(List.of(
                    TopicDefinition.of(ledgerTopic(), contract.get(outbound).partitions().size())
                            .withConfig(TopicConfig.CLEANUP_POLICY_CONFIG,
                                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE)
                            .withConfig(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(LEDGER_RETENTION.toMillis())),
                    TopicDefinition.of(updatesTopic(), contract.get(deliveries).partitions().size())));
        }
    }

    private static Map<String, TopicDescription> describe(final Admin admin, final List<String> names) {
        try {
            return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + names, e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Twilio edge needs the topics " + names
                    + " to exist before it starts: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> kafka(final CommonConfig common) {
        return new HashMap<>(common.kafka().asMap());
    }

    private final class SenderHealth implements HealthCheck {
        @Override
        public String name() {
            return "twilio-sender";
        }

        @Override
        public Status status() {
            final SmsSender current = sender;
            if (current == null) {
                return new Status(false, "NOT_STARTED");
            }
            return new Status(current.state() == SmsSender.State.RUNNING,
                    current.state().name() + current.failure().map(f -> ": " + f.getClass().getSimpleName()).orElse(""));
        }
    }

    private final class GateHealth implements HealthCheck {
        @Override
        public String name() {
            return "twilio-delivery-gate";
        }

        @Override
        public Status status() {
            final StreamsRunner current = gate;
            return current == null ? new Status(false, "NOT_STARTED") : current.status();
        }
    }
}
