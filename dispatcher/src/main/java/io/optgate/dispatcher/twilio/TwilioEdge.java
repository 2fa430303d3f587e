package io.optgate.dispatcher.twilio;

import io.micrometer.core.instrument.MeterRegistry;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.sender.DryRunGateway;
import io.optgate.dispatcher.sender.MessageGateway;
import io.optgate.dispatcher.sender.SenderSettings;
import io.optgate.dispatcher.sender.SenderTopics;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.dispatcher.sender.SmsSender;
import io.optgate.platform.http.HealthCheck;
import io.optgate.platform.http.Routes;
import io.optgate.platform.runner.AppComponent;
import io.optgate.platform.topics.ContractTopics;
import io.optgate.platform.topics.TopicDefinition;
import io.optgate.platform.topics.TopicNames;
import io.optgate.platform.topics.TopicSpec;
import io.optgate.schema.Channel;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything of the dispatcher that talks to Twilio, as one component the dispatcher app runs:
 * <ul>
 *   <li>{@link #topics}: its own topics, for the app to create or verify with the others:
 *       {@code <dispatch.outbound.sms>.ledger} (the hand-over ledger; {@code compact,delete}, 7 days;
 *       as many partitions as the outbound topic) and {@code <dispatch.deliveries>.updates} (the
 *       delivery-status gate's input; as many partitions as {@code dispatch.deliveries});</li>
 *   <li>{@link #addGateTo}: the delivery-status gate ({@link DeliveryStatusGate}), added to the
 *       app's topology;</li>
 *   <li>an instance ({@link #create}): the SMS sender ({@link SmsSender}), started with
 *       {@link #start()} after the app's streams and closed before them, and the two webhooks
 *       ({@link #routes()}), served on the app's port.</li>
 * </ul>
 */
public final class TwilioEdge implements AppComponent {

    /** Suffix of the ledger topic, after the outbound SMS topic's name. */
    public static final String LEDGER_SUFFIX = ".ledger";
    /** Suffix of the gate's input topic, after the deliveries topic's name. */
    public static final String UPDATES_SUFFIX = ".updates";
    /** How long ledger entries are kept at most. */
    public static final Duration LEDGER_RETENTION = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(TwilioEdge.class);

    private final TwilioConfig config;
    private final Map<String, Object> kafka;
    private final String publicUrl;
    private final ContractTopics topics;
    private final PracticeDirectory practices;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String instanceId;
    private final ConsentApplied consentApplied;
    private final TwilioWebhooks webhooks;
    private final KafkaWebhookSink sink;
    private SmsSender sender;

    private TwilioEdge(final TwilioConfig config, final Map<String, ?> kafka, final URI publicUrl,
                       final ContractTopics topics, final PracticeDirectory practices, final MeterRegistry meters,
                       final Clock clock, final String instanceId, final ConsentApplied consentApplied) {
        this.consentApplied = consentApplied;
        this.config = config;
        this.kafka = new HashMap<>(kafka);
        this.publicUrl = publicUrl.toString();
        this.topics = topics;
        this.practices = practices;
        this.meters = meters;
        this.clock = clock;
        this.instanceId = instanceId;
        this.sink = new KafkaWebhookSink(this.kafka, updatesTopic(topics.names()), topics.consentPhoneEvents().name(),
                topics.dispatchDeliveries().valueSerde().serializer(), topics.consentPhoneEvents().valueSerde().serializer());
        this.webhooks = new TwilioWebhooks(config.authToken(), this.publicUrl, practices, sink, meters, clock,
                config.messagingServiceSid());
    }

    /**
     * The Twilio edge of one dispatcher instance, not started.
     *
     * @param config    the Twilio variables
     * @param kafka     Kafka client settings (bootstrap.servers, security; the {@code KAFKA_*} variables)
     * @param publicUrl {@code OPTGATE_PUBLIC_URL}: base of status callbacks and of signature checks
     * @param topics    the contract topics and their serdes
     * @param practices each practice's sending number and help text
     * @param meters    where the counts go
     * @param clock     the time for events, expiry and pacing
     */
    public static TwilioEdge create(final TwilioConfig config, final Map<String, ?> kafka, final URI publicUrl,
                                    final ContractTopics topics, final PracticeDirectory practices,
                                    final MeterRegistry meters, final Clock clock) {
        return create(config, kafka, publicUrl, topics, practices, meters, clock, ConsentApplied.UNWATCHED);
    }

    /**
     * Likewise, with the send-time check waiting for consent-streams to have applied every consent
     * input appended before each round ({@code applied}, on {@code clock}'s instants; the consent
     * progress probe's; {@link ConsentApplied#UNWATCHED} when it is off).
     */
    public static TwilioEdge create(final TwilioConfig config, final Map<String, ?> kafka, final URI publicUrl,
                                    final ContractTopics topics, final PracticeDirectory practices,
                                    final MeterRegistry meters, final Clock clock, final ConsentApplied applied) {
        return new TwilioEdge(Objects.requireNonNull(config, "config"), Objects.requireNonNull(kafka, "kafka"),
                Objects.requireNonNull(publicUrl, "publicUrl"), Objects.requireNonNull(topics, "topics"),
                Objects.requireNonNull(practices, "practices"), Objects.requireNonNull(meters, "meters"),
                Objects.requireNonNull(clock, "clock"), UUID.randomUUID().toString(),
                Objects.requireNonNull(applied, "applied"));
    }

    /**
     * The edge's own topics.
     *
     * @param names      the topic names
     * @param partitions the partition count of {@code dispatch.outbound.sms} and {@code dispatch.deliveries}
     */
    public static List<TopicDefinition> topics(final TopicNames names, final int partitions) {
        return List.of(
                TopicDefinition.of(ledgerTopic(names), partitions)
                        .withConfig(TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE)
                        .withConfig(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(LEDGER_RETENTION.toMillis())),
                TopicDefinition.of(updatesTopic(names), partitions));
    }

    /** Adds the delivery-status gate ({@code dispatch.deliveries.updates} → {@code dispatch.deliveries}) to a topology. */
    public static void addGateTo(final StreamsBuilder builder, final ContractTopics topics) {
        DeliveryStatusGate.build(builder, updatesTopic(topics.names()), topics.dispatchDeliveries().name(),
                topics.dispatchDeliveries().valueSerde(), DeliveryStatusGate.DEFAULT_RETENTION);
    }

    /** What the sender reads and writes. */
    static SenderTopics senderTopics(final ContractTopics topics) {
        return new SenderTopics(topics.outbound(Channel.SMS), ledgerTopic(topics.names()),
                new TopicSpec<>(updatesTopic(topics.names()), topics.dispatchDeliveries().keySerde(),
                        topics.dispatchDeliveries().valueSerde()),
                topics.consentPhoneEvents(), topics.consentState(), topics.consentPhoneState());
    }

    /** The ledger topic's name: the outbound SMS topic's, then {@value #LEDGER_SUFFIX}. */
    public static String ledgerTopic(final TopicNames names) {
        return names.outbound(Channel.SMS) + LEDGER_SUFFIX;
    }

    /** The gate's input topic's name: the deliveries topic's, then {@value #UPDATES_SUFFIX}. */
    public static String updatesTopic(final TopicNames names) {
        return names.dispatchDeliveries() + UPDATES_SUFFIX;
    }

    /** {@code POST /twilio/status} and {@code POST /twilio/inbound}. */
    public Routes routes() {
        return TwilioRoutes.of(webhooks);
    }

    /** The sender, for {@code /health}. */
    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new SenderHealth());
    }

    /** Why the sender stopped by itself, if it did (any Throwable). */
    @Override
    public Optional<Throwable> failure() {
        final SmsSender current = sender;
        return current == null || current.state() != SmsSender.State.FAILED ? Optional.empty()
                : Optional.of(current.failure().orElseGet(() -> new IllegalStateException("the SMS sender failed")));
    }

    /** Starts the SMS sender (dry when no credentials are configured). */
    @Override
    public synchronized void start() {
        if (sender != null) {
            throw new IllegalStateException("already started");
        }
        final MessageGateway gateway = config.credentials()
                .<MessageGateway>map(credentials -> new TwilioGateway(credentials, config.messagingServiceSid(),
                        config.apiBaseUrl(), publicUrl, clock, config.maxConcurrency(), meters))
                .orElseGet(DryRunGateway::new);
        if (config.dryRun()) {
            LOG.warn("No Twilio credentials ({} and {}): the SMS sender runs dry, every text is recorded DRY_RUN",
                    TwilioConfig.ACCOUNT_SID, TwilioConfig.AUTH_TOKEN);
        }
        if (config.authToken().isEmpty()) {
            LOG.warn("No {}: /twilio/status and /twilio/inbound answer 403 to everything", TwilioConfig.AUTH_TOKEN);
        }
        final SenderSettings settings = new SenderSettings(SenderSettings.DEFAULT_GROUP_ID,
                SenderSettings.DEFAULT_GROUP_ID + "-" + instanceId, config.maxMps(), config.maxConcurrency(),
                config.retryPolicy(), SenderSettings.DEFAULT_MAX_QUEUED, SenderSettings.DEFAULT_DRAIN_TIMEOUT,
                "optgate-dispatcher");
        sender = new SmsSender(senderTopics(topics), settings, kafka, gateway, practices, meters, clock, consentApplied);
        sender.start();
        LOG.info("Twilio edge started: {}", config);
    }

    /** Stops the sender (texts in flight finish first), then the webhooks' producer. Idempotent; does not throw. */
    @Override
    public synchronized void close() {
        try {
            if (sender != null) {
                sender.close();
            }
            sink.close();
        } catch (final RuntimeException e) {
            LOG.warn("Twilio edge did not close cleanly: {}", e.toString());
        }
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
}
